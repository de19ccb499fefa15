//! Text the runner reads: a key into the zone content's strings plus the values it shows, so apps
//! can localise, and its English rendering for those that don't.

use serde::{Deserialize, Serialize};

use crate::zones::Catalog;

/// A named value shown inside a reason's text, e.g. `level` = `6`.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReasonArg {
    /// Placeholder name in the text (`{level}`).
    pub name: String,
    /// Value to show.
    pub value: String,
}

/// Why something is in a routine: a text key plus the values its text shows.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Reason {
    /// Text key.
    pub key: String,
    /// Values for the text's placeholders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<ReasonArg>,
}

impl Reason {
    /// A reason with no values.
    pub fn key(key: &str) -> Reason {
        Reason {
            key: key.to_owned(),
            args: Vec::new(),
        }
    }

    /// Adds a value.
    pub fn with(mut self, name: &str, value: impl ToString) -> Reason {
        self.args.push(ReasonArg {
            name: name.to_owned(),
            value: value.to_string(),
        });
        self
    }

    /// The English text of the reason.
    pub fn english(&self, catalog: &Catalog) -> String {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|a| (a.name.as_str(), a.value.as_str()))
            .collect();
        catalog.text(&self.key, &args)
    }
}

/// A text key with its values, and its English text, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LocalizedText {
    /// Key and values, for apps that localise.
    pub reason: Reason,
    /// English.
    pub english: String,
}

impl LocalizedText {
    /// Renders `reason` in English.
    pub fn new(catalog: &Catalog, reason: Reason) -> LocalizedText {
        let english = reason.english(catalog);
        LocalizedText { reason, english }
    }
}
