//! Text the runner reads: a key into the zone content's strings plus the values it shows, so apps
//! can localise, and its English rendering for those that don't.

use serde::{Deserialize, Serialize};

use crate::keys;
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

    /// A length of time as a person reads it, never as a clock: "12 min", "11 min 40 s",
    /// "40 s" (a routine's length, the time a session held pressure).
    pub fn duration(seconds: u64) -> Reason {
        let (minutes, seconds) = (seconds / 60, seconds % 60);
        match (minutes, seconds) {
            (0, s) => Reason::key(keys::DURATION_SECONDS).with("seconds", s),
            (m, 0) => Reason::key(keys::DURATION_MINUTES).with("minutes", m),
            (m, s) => Reason::key(keys::DURATION_MINUTES_SECONDS)
                .with("minutes", m)
                .with("seconds", s),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 18, item 14: a routine's length reads as a duration, never as a clock time.
    #[test]
    fn a_duration_reads_as_minutes_and_seconds_not_a_clock() {
        let catalog = Catalog::embedded().expect("embedded content");
        for (seconds, english) in [
            (720, "12 min"),
            (700, "11 min 40 s"),
            (40, "40 s"),
            (0, "0 s"),
            (2700, "45 min"),
            (7, "7 s"),
        ] {
            let text = Reason::duration(seconds).english(catalog);
            assert_eq!(text, english);
            assert!(!text.contains(':'), "{text}");
        }
    }
}
