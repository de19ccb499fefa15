//! Text the runner reads: a key into the zone content's strings plus the values it shows, so apps
//! can localise, and its English rendering for those that don't.

use serde::{Deserialize, Serialize};

use crate::vocab::Reason;
use crate::zones::Catalog;

impl Reason {
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
    /// The English text, values filled in, for apps that do not localise.
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

    /// A routine's length reads as a duration, never as a clock time: "12:00" next to a reminder at
    /// 07:00 would read as noon.
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
