//! The dynamic warm-up: a short timed block of dynamic moves (leg swings, lunges, skips…) done
//! before a run and before race-morning activation, run by the same session timer as the release
//! routine.
//!
//! The content is data, not code: `content/warmup.json` holds each move (its name and cue as
//! text keys, its seconds per side and on a light day, whether it is done on each side, the zones
//! it loads, its picture's start and end poses) and the timing of the steps between moves;
//! `content/strings/en.json` holds the English text. It is embedded, parsed and validated once,
//! against the zone map. The routine builder makes the warm-up routine from it
//! (`routine::build`, kind `warm-up`); `pictures` draws each move from its poses.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::vocab::ZoneId;
use crate::zones::{Catalog, ContentError, Strings};

/// Version of the warm-up content format this code reads.
pub const WARM_UP_FORMAT_VERSION: u32 = 1;

const WARMUP_JSON: &str = include_str!("../content/warmup.json");
const FILE: &str = "warmup.json";

/// Durations of the steps between moves, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarmUpTiming {
    /// "Get into position" before the first move.
    pub lead_in_s: u32,
    /// Turning to the other side of a sided move.
    pub switch_sides_s: u32,
    /// Moving on to the next move.
    pub transition_s: u32,
}

/// One dynamic move. Text fields are text keys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// Stable slug, e.g. `leg-swings-front`: what a warm-up step names (`Step::move_id`).
    pub id: String,
    /// Text key of the move's name.
    pub name: String,
    /// Text key of the cue: how to do it, slow and controlled, and what to feel.
    pub cue: String,
    /// Whether the move is done on each side (left, then right).
    pub sided: bool,
    /// Seconds (per side for a sided move).
    pub seconds: u32,
    /// Seconds on a light day (around a race, `safety::Rules::light`), per side for a sided move.
    pub light_s: u32,
    /// The zones the move loads, the one it loads most first: a move is left out when any of
    /// them rests today (`safety`), and a stop for sharp pain in it is recorded on the first.
    pub zones: Vec<ZoneId>,
    /// The move's picture: a start and an end pose in the pose model's format, read and checked
    /// by `pictures::moves`.
    pub picture: serde_json::Value,
}

impl Move {
    /// The zone the move loads most: where a stop for sharp pain in it is recorded.
    pub fn primary_zone(&self) -> ZoneId {
        // Loaded content lists at least one zone for every move.
        self.zones.first().cloned().unwrap_or_default()
    }

    /// Seconds per side on an ordinary day, or (`light`) on a light one.
    pub fn seconds_on(&self, light: bool) -> u32 {
        if light {
            self.light_s
        } else {
            self.seconds
        }
    }

    /// Every text key the move refers to.
    pub fn text_keys(&self) -> impl Iterator<Item = &str> {
        [self.name.as_str(), self.cue.as_str()].into_iter()
    }
}

/// A move with its text in English, as the warm-up screens (app and terminal) show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MoveText {
    /// Stable slug, e.g. `leg-swings-front` (a warm-up step's `move_id`).
    pub id: String,
    /// The move's name in English ("Walking lunges").
    pub name: String,
    /// How to do it and what to feel.
    pub cue: String,
    /// Whether it is done on each side.
    pub sided: bool,
    /// Seconds (per side for a sided move).
    pub seconds: u32,
    /// Seconds on a light day (around a race).
    pub light_s: u32,
    /// The zones it loads, the one it loads most first.
    pub zones: Vec<ZoneId>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WarmUpFile {
    version: u32,
    timing: WarmUpTiming,
    moves: Vec<Move>,
}

/// The validated warm-up: its moves, in the order they are done, and the timing between them.
#[derive(Debug, Clone, PartialEq)]
pub struct WarmUp {
    version: u32,
    timing: WarmUpTiming,
    moves: Vec<Move>,
}

fn bad(message: String) -> ContentError {
    ContentError::Parse {
        file: FILE.to_owned(),
        message,
    }
}

impl WarmUp {
    /// The warm-up embedded in this build, parsed and validated once against the embedded zone
    /// map and its English text.
    pub fn embedded() -> Result<&'static WarmUp, ContentError> {
        static EMBEDDED: OnceLock<Result<WarmUp, ContentError>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| WarmUp::parse(WARMUP_JSON, Catalog::embedded()?))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses warm-up content and validates it against `catalog`: ids unique slugs, every length
    /// above zero (a light day's no longer than the usual), every zone a zone of the map, every
    /// text key with English text.
    pub fn parse(json: &str, catalog: &Catalog) -> Result<WarmUp, ContentError> {
        let file: WarmUpFile =
            crate::zones::read_content(json, FILE, WARM_UP_FORMAT_VERSION, |f: &WarmUpFile| {
                f.version
            })?;
        let warm_up = WarmUp {
            version: file.version,
            timing: file.timing,
            moves: file.moves,
        };
        warm_up.validate(catalog)?;
        warm_up.check_translation(catalog.english())?;
        Ok(warm_up)
    }

    fn validate(&self, catalog: &Catalog) -> Result<(), ContentError> {
        let t = self.timing;
        if t.lead_in_s == 0 || t.switch_sides_s == 0 || t.transition_s == 0 {
            return Err(ContentError::BadBounds {
                what: "warm-up timing".to_owned(),
                detail: "lead-in, switch and transition steps must last at least 1 s".to_owned(),
            });
        }
        if self.moves.is_empty() {
            return Err(bad("the warm-up has no move".to_owned()));
        }
        let mut ids = BTreeSet::new();
        for m in &self.moves {
            let slug_ok = !m.id.is_empty()
                && m.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !slug_ok {
                return Err(bad(format!(
                    "move id {:?} is not a slug (lowercase letters, digits and dashes)",
                    m.id
                )));
            }
            if !ids.insert(m.id.as_str()) {
                return Err(bad(format!("move id {:?} appears twice", m.id)));
            }
            if m.seconds == 0 || m.light_s == 0 || m.light_s > m.seconds {
                return Err(ContentError::BadBounds {
                    what: format!("warm-up move {:?}", m.id),
                    detail: format!(
                        "needs 0 < light_s ≤ seconds, got {} and {}",
                        m.light_s, m.seconds
                    ),
                });
            }
            if m.zones.is_empty() {
                return Err(bad(format!("move {:?} loads no zone", m.id)));
            }
            let mut zones = BTreeSet::new();
            for z in &m.zones {
                if catalog.zone(z).is_none() {
                    return Err(bad(format!("move {:?} loads unknown zone {z:?}", m.id)));
                }
                if !zones.insert(z.as_str()) {
                    return Err(bad(format!("move {:?} lists zone {z:?} twice", m.id)));
                }
            }
            if !m.picture.is_object() {
                return Err(bad(format!("move {:?} has no picture", m.id)));
            }
        }
        Ok(())
    }

    /// Checks that a translation has a non-empty text for every key the moves use.
    pub fn check_translation(&self, strings: &Strings) -> Result<(), ContentError> {
        strings.check_keys(self.text_keys())
    }

    /// Every text key the moves use, sorted and unique.
    pub fn text_keys(&self) -> BTreeSet<&str> {
        self.moves.iter().flat_map(Move::text_keys).collect()
    }

    /// The content version.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The steps between moves.
    pub fn timing(&self) -> &WarmUpTiming {
        &self.timing
    }

    /// Every move, in the order they are done.
    pub fn moves(&self) -> &[Move] {
        &self.moves
    }

    /// The move with this id.
    pub fn get(&self, id: &str) -> Option<&Move> {
        self.moves.iter().find(|m| m.id == id)
    }

    /// Seconds the whole warm-up lasts with every move in it, on an ordinary day or (`light`) a
    /// light one: every lead-in, switch and transition included.
    pub fn length_s(&self, light: bool) -> u32 {
        self.length_of(self.moves.iter(), light)
    }

    /// Seconds a warm-up of `moves`, in that order, lasts.
    pub fn length_of<'a>(&self, moves: impl IntoIterator<Item = &'a Move>, light: bool) -> u32 {
        let t = self.timing;
        let mut total = 0u32;
        for (i, m) in moves.into_iter().enumerate() {
            let opening = if i == 0 { t.lead_in_s } else { t.transition_s };
            let body = if m.sided {
                t.switch_sides_s
                    .saturating_add(m.seconds_on(light).saturating_mul(2))
            } else {
                m.seconds_on(light)
            };
            total = total.saturating_add(opening).saturating_add(body);
        }
        total
    }

    /// The moves with their text in English, in the order they are done.
    pub fn in_english(&self, catalog: &Catalog) -> Vec<MoveText> {
        self.moves
            .iter()
            .map(|m| MoveText {
                id: m.id.clone(),
                name: catalog.text(&m.name, &[]),
                cue: catalog.text(&m.cue, &[]),
                sided: m.sided,
                seconds: m.seconds,
                light_s: m.light_s,
                zones: m.zones.clone(),
            })
            .collect()
    }

    /// A move's name in English, or the id as it is for an unknown one (a routine from a later
    /// release read by an earlier one).
    pub fn name(&self, catalog: &Catalog, id: &str) -> String {
        self.get(id)
            .map_or_else(|| id.to_owned(), |m| catalog.text(&m.name, &[]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> &'static Catalog {
        Catalog::embedded().expect("content")
    }

    fn warm_up() -> &'static WarmUp {
        WarmUp::embedded().expect("warm-up content is valid")
    }

    #[test]
    fn the_embedded_warm_up_is_a_short_block_of_dynamic_moves() {
        let w = warm_up();
        assert!((5..=8).contains(&w.moves().len()));
        // About four to five minutes; the light version shorter.
        assert!(
            (210..=300).contains(&w.length_s(false)),
            "{}",
            w.length_s(false)
        );
        assert!(w.length_s(true) < w.length_s(false));
        for m in w.moves() {
            assert!(m.light_s <= m.seconds && m.light_s > 0, "{}", m.id);
            assert_eq!(m.primary_zone(), m.zones[0]);
            for key in m.text_keys() {
                let text = catalog().text(key, &[]);
                assert!(!text.trim().is_empty() && text != key, "{key}");
            }
        }
    }

    fn broken(edit: impl FnOnce(&mut serde_json::Value)) -> ContentError {
        let mut doc: serde_json::Value = serde_json::from_str(WARMUP_JSON).expect("json");
        edit(&mut doc);
        WarmUp::parse(&doc.to_string(), catalog()).expect_err("must be rejected")
    }

    #[test]
    fn invalid_warm_up_content_is_a_typed_error() {
        assert!(matches!(
            broken(|d| d["version"] = 2.into()),
            ContentError::UnsupportedVersion { found: 2, .. }
        ));
        let dup = broken(|d| d["moves"][1]["id"] = d["moves"][0]["id"].clone());
        assert!(
            matches!(&dup, ContentError::Parse { message, .. } if message.contains("appears twice")),
            "{dup}"
        );
        assert!(matches!(
            broken(|d| d["moves"][0]["id"] = "Calf Raises".into()),
            ContentError::Parse { .. }
        ));
        assert!(matches!(
            broken(|d| d["moves"][0]["seconds"] = 0.into()),
            ContentError::BadBounds { .. }
        ));
        assert!(matches!(
            broken(|d| d["moves"][0]["light_s"] = 600.into()),
            ContentError::BadBounds { .. }
        ));
        let unknown = broken(|d| d["moves"][0]["zones"] = serde_json::json!(["neck"]));
        assert!(
            matches!(&unknown, ContentError::Parse { message, .. } if message.contains("\"neck\"")),
            "{unknown}"
        );
        assert!(matches!(
            broken(|d| d["moves"][0]["zones"] = serde_json::json!([])),
            ContentError::Parse { .. }
        ));
        assert!(matches!(
            broken(|d| d["moves"][0]["cue"] = "move.nowhere.cue".into()),
            ContentError::MissingText { .. }
        ));
        assert!(matches!(
            broken(|d| d["moves"][0]["colour"] = "red".into()),
            ContentError::Parse { .. }
        ));
        assert!(matches!(
            broken(|d| d["timing"]["transition_s"] = 0.into()),
            ContentError::BadBounds { .. }
        ));
        assert!(matches!(
            broken(|d| d["moves"] = serde_json::json!([])),
            ContentError::Parse { .. }
        ));
    }

    #[test]
    fn a_translation_without_a_move_s_text_is_rejected() {
        let mut fr = catalog().english().clone();
        fr.language = "fr".to_owned();
        fr.strings
            .insert("move.high-knees.name".to_owned(), " ".to_owned());
        assert!(matches!(
            warm_up().check_translation(&fr),
            Err(ContentError::EmptyText { .. })
        ));
        fr.strings.remove("move.high-knees.name");
        assert!(matches!(
            warm_up().check_translation(&fr),
            Err(ContentError::MissingText { .. })
        ));
    }
}
