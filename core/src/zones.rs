//! The zone map: which body zones a runner works on, how, and for how long.
//!
//! The content is data, not code: `content/zones.json` holds the structure (ids, sides, tools, hold
//! bounds, timing of the steps between holds) and every text as a key; `content/strings/en.json`
//! holds the English text for each key. Both are embedded in the library, parsed with serde and
//! validated once. Apps localise by translating the keys; the core ships English.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::keys;
use crate::vocab::{Side, ZoneId};

/// Version of the zone content format this code reads.
pub const CONTENT_FORMAT_VERSION: u32 = 1;

const ZONES_JSON: &str = include_str!("../content/zones.json");
const STRINGS_EN_JSON: &str = include_str!("../content/strings/en.json");
/// A problem with zone content or a translation file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// The file is not valid JSON of the expected shape.
    #[error("{file} is not valid zone content: {message}")]
    Parse {
        /// `zones.json`, `strings/en.json`, or the name given to [`Strings::parse`].
        file: String,
        /// What serde said.
        message: String,
    },
    /// The content was written for another format version.
    #[error(
        "zone content version {found} is not supported (this build reads version {supported})"
    )]
    UnsupportedVersion {
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        supported: u32,
    },
    /// A zone id is not a lowercase slug (`a-z`, `0-9`, `-`).
    #[error("zone id {0:?} is not a slug (lowercase letters, digits and dashes)")]
    BadZoneId(ZoneId),
    /// Two zones share an id.
    #[error("zone id {0:?} appears twice")]
    DuplicateZone(ZoneId),
    /// Two zones share a maintenance rank.
    #[error("maintenance rank {rank} is used by both {first:?} and {second:?}")]
    DuplicateRank {
        /// The `maintenance_rank` both zones give.
        rank: u32,
        /// The zone that had it first.
        first: ZoneId,
        /// The zone that repeats it.
        second: ZoneId,
    },
    /// A zone lists no tool.
    #[error("zone {0:?} lists no tool")]
    NoTools(ZoneId),
    /// The body map does not match the zones.
    #[error("body map: {0}")]
    BadMap(String),
    /// A technique drawing is broken (`pictures::technique`).
    #[error("technique drawing: {0}")]
    BadPicture(String),
    /// A zone's pressure is outside 1–7, or firmer daily than in bodywork.
    #[error(
        "zone {zone:?} asks for pressure {daily} daily and {bodywork} in bodywork: each must be \
         1 to 7, and daily no firmer than bodywork"
    )]
    BadPressure {
        /// The zone with the wrong pressure.
        zone: ZoneId,
        /// Its `pressure.daily`, as the content gives it.
        daily: u8,
        /// Its `pressure.bodywork`, as the content gives it.
        bodywork: u8,
    },
    /// A neighbour that is not another zone listing this one back.
    #[error(
        "zone {zone:?} lists {neighbour:?} as a neighbour, which is not a zone listing it back"
    )]
    BadNeighbour {
        /// The zone whose `neighbours` list it.
        zone: ZoneId,
        /// The neighbour given.
        neighbour: ZoneId,
    },
    /// A zone has no technique cue or no caution.
    #[error("zone {zone:?} has no {what}")]
    MissingCues {
        /// The zone with the empty list.
        zone: ZoneId,
        /// `technique cues` or `cautions`.
        what: String,
    },
    /// Hold or budget bounds are inconsistent.
    #[error("{what}: {detail}")]
    BadBounds {
        /// What the bounds belong to (a zone and protocol, or the timing section).
        what: String,
        /// What is wrong.
        detail: String,
    },
    /// A text key has no text in a language.
    #[error("text {key:?} is missing from the {language:?} strings")]
    MissingText {
        /// The text key with no text.
        key: String,
        /// The `language` tag of the strings checked (`en`).
        language: String,
    },
    /// A text is empty or blank.
    #[error("text {key:?} is empty in the {language:?} strings")]
    EmptyText {
        /// The text key whose text is blank.
        key: String,
        /// The `language` tag of the strings checked (`en`).
        language: String,
    },
}

named_enum! {
    /// Where a zone sits on the body, foot to back.
    #[derive(PartialOrd, Ord)]
    pub enum Region {
        /// The foot (in the shipped content: the plantar fascia).
        Foot,
        /// Below the knee (in the shipped content: calves, soleus and Achilles, shins).
        LowerLeg,
        /// The thigh (IT band, quadriceps, hamstrings, adductors).
        Thigh,
        /// The hip (glutes, hip flexors).
        Hip,
        /// The back (the thoracic spine, worked once: unsided).
        Back,
    }
}

named_enum! {
    /// A self-release tool. Everyone owns [`Tool::Hands`].
    #[derive(PartialOrd, Ord)]
    pub enum Tool {
        /// A foam roller.
        FoamRoller,
        /// A massage or lacrosse ball.
        Ball,
        /// A roller stick.
        Stick,
        /// The runner's own hands.
        Hands,
    }
}

impl Tool {
    /// The text key of the tool's name.
    pub fn text_key(self) -> &'static str {
        match self {
            Tool::FoamRoller => keys::TOOL_FOAM_ROLLER,
            Tool::Ball => keys::TOOL_BALL,
            Tool::Stick => keys::TOOL_STICK,
            Tool::Hands => keys::TOOL_HANDS,
        }
    }
}

/// Hold time bounds in seconds: per side for a sided zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct HoldBounds {
    /// The hold used when nothing asks for more or less.
    pub default_s: u32,
    /// The shortest hold worth doing.
    pub min_s: u32,
    /// The longest hold offered.
    pub max_s: u32,
}

impl HoldBounds {
    /// Whether `seconds` lies within the bounds.
    pub fn contains(&self, seconds: u32) -> bool {
        (self.min_s..=self.max_s).contains(&seconds)
    }
}

/// How hard to press a zone, on a 0–10 scale (0 nothing, 10 as hard as can be borne). Fascia
/// work never goes past [`Pressure::MAX`]: slow and sustained, never sharp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct Pressure {
    /// In the daily routine.
    pub daily: u8,
    /// In the 45-minute bodywork session.
    pub bodywork: u8,
}

impl Pressure {
    /// The firmest pressure the content may ask for.
    pub const MAX: u8 = 7;

    /// The text key of the words for `level`: light (1–3), moderate (4–5), firm (6–7).
    pub fn words_key(level: u8) -> &'static str {
        match level {
            0..=3 => keys::PRESSURE_LIGHT,
            4..=5 => keys::PRESSURE_MODERATE,
            _ => keys::PRESSURE_FIRM,
        }
    }
}

/// One body zone with its cues, cautions and hold bounds. Text fields are text keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Stable slug, e.g. `calves`.
    pub id: ZoneId,
    /// Text key of the display name.
    pub name: String,
    /// Where it sits on the body; [`Catalog::zones`] lists the zones foot to back.
    pub region: Region,
    /// Whether the zone is worked on each side (left, then right).
    pub sided: bool,
    /// Tools that work this zone; any one of them is enough.
    pub tools: Vec<Tool>,
    /// Order in which the daily routine picks zones when nothing is sore (1 first).
    pub maintenance_rank: u32,
    /// Text key of the positioning cue.
    pub position: String,
    /// Text keys of the technique cues for slow, sustained pressure.
    pub technique: Vec<String>,
    /// Text keys of the cautions: what never to press, when to stop.
    pub cautions: Vec<String>,
    /// Zones that share tissue with this one: when one side of it rests, that side of these
    /// rests too (`safety`). Listed both ways.
    #[serde(default)]
    pub neighbours: Vec<ZoneId>,
    /// How hard to press.
    pub pressure: Pressure,
    /// Text key of the tempo: how fast to sink in, how long to stay, when to move.
    pub tempo: String,
    /// Self-care hold bounds (daily routine), seconds per side.
    pub self_care: HoldBounds,
    /// Bodywork hold bounds (the 45-minute session), seconds per side.
    pub bodywork: HoldBounds,
}

impl Zone {
    /// Every text key the zone refers to.
    pub fn text_keys(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(std::iter::once(self.position.as_str()))
            .chain(self.technique.iter().map(String::as_str))
            .chain(self.cautions.iter().map(String::as_str))
            .chain(std::iter::once(self.tempo.as_str()))
    }

    /// Whether any of `tools` works this zone.
    pub fn workable_with(&self, tools: &BTreeSet<Tool>) -> bool {
        self.tools.iter().any(|t| tools.contains(t))
    }
}

/// A zone with its text in English, as the zone screens (app and terminal) show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ZoneText {
    /// Stable slug, e.g. `calves`.
    pub id: ZoneId,
    /// The zone's name in English (`Calves`).
    pub name: String,
    /// Where it sits on the body, foot to back ([`Zone::region`]).
    pub region: Region,
    /// Whether the zone is worked on each side.
    pub sided: bool,
    /// Tools that work this zone; any one of them is enough.
    pub tools: Vec<Tool>,
    /// How to set up.
    pub position: String,
    /// How to work it, step by step.
    pub technique: Vec<String>,
    /// What never to press, when to stop.
    pub cautions: Vec<String>,
    /// How hard to press (0–10).
    pub pressure: Pressure,
    /// The daily pressure in words.
    pub daily_pressure: String,
    /// The bodywork pressure in words.
    pub bodywork_pressure: String,
    /// How fast to sink in, how long to stay, when to move.
    pub tempo: String,
    /// Self-care hold bounds (daily routine), seconds per side.
    pub self_care: HoldBounds,
    /// Bodywork hold bounds (the 45-minute session), seconds per side.
    pub bodywork: HoldBounds,
}

/// Allowed and default time budgets for one kind of routine, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetBounds {
    /// Budget used when the runner sets none.
    pub default_s: u32,
    /// Smallest budget accepted.
    pub min_s: u32,
    /// Largest budget accepted.
    pub max_s: u32,
}

impl BudgetBounds {
    /// The default budget in whole minutes: the routine's length the runner reads ("under 12
    /// minutes", "the 45-minute session").
    pub fn default_minutes(&self) -> u32 {
        self.default_s / 60
    }
}

/// Durations of the steps between holds, and the budgets of each protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// "Get into position" before the first zone.
    pub lead_in_s: u32,
    /// Turning from the left side to the right side of a zone.
    pub switch_sides_s: u32,
    /// Moving from one zone to the next.
    pub transition_s: u32,
    /// Holds are whole multiples of this many seconds.
    pub hold_step_s: u32,
    /// Daily routine budget (a hard cap that includes every lead-in and switch).
    pub daily: BudgetBounds,
    /// Bodywork session budget.
    pub bodywork: BudgetBounds,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ZonesFile {
    version: u32,
    timing: Timing,
    zones: Vec<Zone>,
}

/// A translation: text for each key, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    /// BCP 47 language tag, e.g. `en`.
    pub language: String,
    /// Text for each key. `{name}` marks a value filled in at display time.
    pub strings: BTreeMap<String, String>,
}

impl Strings {
    /// Checks that every one of `keys` has a non-empty text in this language.
    pub fn check_keys<'k>(
        &self,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> Result<(), ContentError> {
        for key in keys {
            match self.strings.get(key) {
                None => {
                    return Err(ContentError::MissingText {
                        key: key.to_owned(),
                        language: self.language.clone(),
                    })
                }
                Some(text) if text.trim().is_empty() => {
                    return Err(ContentError::EmptyText {
                        key: key.to_owned(),
                        language: self.language.clone(),
                    })
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Parses a strings file.
    pub fn parse(json: &str, file: &str) -> Result<Self, ContentError> {
        serde_json::from_str(json).map_err(|e| ContentError::Parse {
            file: file.to_owned(),
            message: e.to_string(),
        })
    }
}

/// The validated zone map, its timing and the English text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    version: u32,
    timing: Timing,
    zones: Vec<Zone>,
    english: Strings,
}

impl Catalog {
    /// The content embedded in this build, parsed and validated once.
    pub fn embedded() -> Result<&'static Catalog, ContentError> {
        static EMBEDDED: OnceLock<Result<Catalog, ContentError>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| Catalog::parse(ZONES_JSON, STRINGS_EN_JSON))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses and validates zone content and its English text.
    pub fn parse(zones_json: &str, english_json: &str) -> Result<Catalog, ContentError> {
        let file: ZonesFile = read_content(
            zones_json,
            "zones.json",
            CONTENT_FORMAT_VERSION,
            |f: &ZonesFile| f.version,
        )?;
        let english = Strings::parse(english_json, "strings/en.json")?;
        let catalog = Catalog {
            version: file.version,
            timing: file.timing,
            zones: file.zones,
            english,
        };
        catalog.validate()?;
        catalog.check_translation(&catalog.english)?;
        Ok(catalog)
    }

    fn validate(&self) -> Result<(), ContentError> {
        validate_timing(&self.timing)?;
        let mut ids = BTreeSet::new();
        let mut ranks: BTreeMap<u32, &str> = BTreeMap::new();
        for zone in &self.zones {
            let slug_ok = !zone.id.is_empty()
                && zone
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !slug_ok {
                return Err(ContentError::BadZoneId(zone.id.clone()));
            }
            if !ids.insert(zone.id.as_str()) {
                return Err(ContentError::DuplicateZone(zone.id.clone()));
            }
            if let Some(first) = ranks.insert(zone.maintenance_rank, &zone.id) {
                return Err(ContentError::DuplicateRank {
                    rank: zone.maintenance_rank,
                    first: first.into(),
                    second: zone.id.clone(),
                });
            }
            if zone.tools.is_empty() {
                return Err(ContentError::NoTools(zone.id.clone()));
            }
            for (what, list) in [
                ("technique cues", &zone.technique),
                ("cautions", &zone.cautions),
            ] {
                if list.is_empty() {
                    return Err(ContentError::MissingCues {
                        zone: zone.id.clone(),
                        what: what.to_owned(),
                    });
                }
            }
            let p = zone.pressure;
            if !(1..=Pressure::MAX).contains(&p.daily)
                || !(1..=Pressure::MAX).contains(&p.bodywork)
                || p.daily > p.bodywork
            {
                return Err(ContentError::BadPressure {
                    zone: zone.id.clone(),
                    daily: p.daily,
                    bodywork: p.bodywork,
                });
            }
            for n in &zone.neighbours {
                let back = self.zones.iter().find(|z| &z.id == n);
                if n == &zone.id || !back.is_some_and(|b| b.neighbours.contains(&zone.id)) {
                    return Err(ContentError::BadNeighbour {
                        zone: zone.id.clone(),
                        neighbour: n.clone(),
                    });
                }
            }
            let step = self.timing.hold_step_s;
            validate_hold(&zone.id, "self-care", zone.self_care, step, (1, u32::MAX))?;
            // The protocol: 2 to 5 minutes of sustained pressure per zone in bodywork.
            validate_hold(&zone.id, "bodywork", zone.bodywork, step, (120, 300))?;
        }
        Ok(())
    }

    /// Checks that a translation has a non-empty text for every key the content uses.
    pub fn check_translation(&self, strings: &Strings) -> Result<(), ContentError> {
        strings.check_keys(self.text_keys())
    }

    /// Every text key the content and the core use, sorted and unique.
    pub fn text_keys(&self) -> BTreeSet<&str> {
        self.zones
            .iter()
            .flat_map(Zone::text_keys)
            .chain(keys::ALL.iter().copied())
            .collect()
    }

    /// The content version (stored with each routine so old sessions stay readable).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Step durations and budgets.
    pub fn timing(&self) -> &Timing {
        &self.timing
    }

    /// All zones in chain order, foot to back.
    pub fn zones(&self) -> &[Zone] {
        &self.zones
    }

    /// The zone map with its English text, in the order the body is worked.
    pub fn zones_in_english(&self) -> Vec<ZoneText> {
        let text = |key: &String| self.text(key, &[]);
        self.zones
            .iter()
            .map(|z| ZoneText {
                id: z.id.clone(),
                name: text(&z.name),
                region: z.region,
                sided: z.sided,
                tools: z.tools.clone(),
                position: text(&z.position),
                technique: z.technique.iter().map(text).collect(),
                cautions: z.cautions.iter().map(text).collect(),
                pressure: z.pressure,
                daily_pressure: self.text(Pressure::words_key(z.pressure.daily), &[]),
                bodywork_pressure: self.text(Pressure::words_key(z.pressure.bodywork), &[]),
                tempo: text(&z.tempo),
                self_care: z.self_care,
                bodywork: z.bodywork,
            })
            .collect()
    }

    /// Says a zone id is unknown, with the closest known id ("did you mean") and the list.
    pub fn unknown_zone(&self, zone: &str) -> String {
        let ids: Vec<&str> = self.zones.iter().map(|z| z.id.as_str()).collect();
        let wanted = zone.trim().to_lowercase();
        let closest = ids
            .iter()
            .map(|id| {
                let prefix = id.starts_with(&wanted) || wanted.starts_with(*id);
                (
                    if prefix {
                        0
                    } else {
                        edit_distance(&wanted, id)
                    },
                    *id,
                )
            })
            .min()
            .filter(|(d, _)| *d <= 3 && !wanted.is_empty());
        let hint = closest.map_or(String::new(), |(_, id)| format!(": did you mean {id:?}?"));
        format!("unknown zone {zone:?}{hint} Zones: {}", ids.join(", "))
    }

    /// The zone with this id.
    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.zones.iter().find(|z| z.id == id)
    }

    /// The zone a runner names by its id or by the start of exactly one id (`it` → `it-band`);
    /// otherwise what is wrong, in words (an unknown name with the closest id, or the ids an
    /// ambiguous start matches).
    pub fn zone_named(&self, name: &str) -> Result<&Zone, String> {
        if let Some(z) = self.zone(name) {
            return Ok(z);
        }
        let starts: Vec<&Zone> = self
            .zones
            .iter()
            .filter(|z| !name.is_empty() && z.id.starts_with(name))
            .collect();
        match starts.as_slice() {
            [one] => Ok(one),
            [] => Err(self.unknown_zone(name)),
            many => Err(format!(
                "{name:?} starts several zones: {}",
                many.iter()
                    .map(|z| z.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// The English strings.
    pub fn english(&self) -> &Strings {
        &self.english
    }

    /// Whether the English strings have this key (any key a routine carries must).
    pub fn has_text(&self, key: &str) -> bool {
        self.english.strings.contains_key(key)
    }

    /// Where a step works, as the runner reads it: the zone's name, and for a sided zone the side
    /// (`Calves, left`). An unknown id is shown as it is.
    pub fn place(&self, zone: &str, side: Side) -> String {
        match self.zone(zone) {
            Some(z) if z.sided && side != Side::Both => format!(
                "{}, {}",
                self.text(&z.name, &[]),
                self.text(side.text_key(), &[]).to_lowercase()
            ),
            Some(z) => self.text(&z.name, &[]),
            None => zone.to_owned(),
        }
    }

    /// English text for `key` with `{name}` placeholders filled from `args`; the key itself when
    /// there is no text, so a missing translation is visible instead of blank.
    pub fn text(&self, key: &str, args: &[(&str, &str)]) -> String {
        let Some(template) = self.english.strings.get(key) else {
            return key.to_owned();
        };
        let mut out = template.clone();
        for (name, value) in args {
            // A day is always shown in words ("Sun 8 Nov 2026"): values carry ISO dates so apps
            // that localise get them exact, and this is the one place they become words.
            let day = (value.len() == 10)
                .then(|| value.parse::<chrono::NaiveDate>().ok())
                .flatten();
            let value = day.map_or_else(|| (*value).to_owned(), |d| self.date(d));
            out = out.replace(&format!("{{{name}}}"), &value);
        }
        out
    }

    /// A day as a person reads it: "Sun 8 Nov 2026".
    pub fn date(&self, day: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let text = |key: &str| {
            self.english
                .strings
                .get(key)
                .cloned()
                .unwrap_or_else(|| key.to_owned())
        };
        text(keys::DATE_DAY)
            .replace(
                "{weekday}",
                &text(keys::WEEKDAYS[day.weekday().num_days_from_monday() as usize]),
            )
            .replace("{day}", &day.day().to_string())
            .replace("{month}", &text(keys::MONTHS_SHORT[day.month0() as usize]))
            .replace("{year}", &day.year().to_string())
    }
}

/// Reads one of the content files: JSON whose format `version` (read by `version`) must be
/// `supported`. Every content file is read this way, so each says the same on a bad file.
pub(crate) fn read_content<T: serde::de::DeserializeOwned>(
    json: &str,
    file: &str,
    supported: u32,
    version: fn(&T) -> u32,
) -> Result<T, ContentError> {
    let content: T = serde_json::from_str(json).map_err(|e| ContentError::Parse {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    match version(&content) {
        found if found == supported => Ok(content),
        found => Err(ContentError::UnsupportedVersion { found, supported }),
    }
}

/// Levenshtein distance between two short ids.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

fn validate_timing(t: &Timing) -> Result<(), ContentError> {
    let bad = |detail: String| ContentError::BadBounds {
        what: "timing".to_owned(),
        detail,
    };
    if t.hold_step_s == 0 {
        return Err(bad("hold_step_s must be at least 1".to_owned()));
    }
    if t.lead_in_s == 0 || t.switch_sides_s == 0 || t.transition_s == 0 {
        return Err(bad(
            "lead-in, switch and transition steps must last at least 1 s".to_owned(),
        ));
    }
    for (name, b) in [("daily", t.daily), ("bodywork", t.bodywork)] {
        if !(b.min_s <= b.default_s && b.default_s <= b.max_s && b.min_s > 0) {
            return Err(bad(format!(
                "{name} budget needs 0 < min ≤ default ≤ max, got {}/{}/{}",
                b.min_s, b.default_s, b.max_s
            )));
        }
    }
    Ok(())
}

fn validate_hold(
    zone: &str,
    protocol: &str,
    b: HoldBounds,
    step: u32,
    (lowest, highest): (u32, u32),
) -> Result<(), ContentError> {
    let what = format!("zone {zone:?} {protocol} hold");
    let fail = |detail: String| {
        Err(ContentError::BadBounds {
            what: what.clone(),
            detail,
        })
    };
    if !(b.min_s <= b.default_s && b.default_s <= b.max_s) {
        return fail(format!(
            "needs min ≤ default ≤ max, got {}/{}/{}",
            b.min_s, b.default_s, b.max_s
        ));
    }
    if b.min_s < lowest || b.max_s > highest {
        return fail(format!(
            "must stay within {lowest}..={highest} s, got {}..={}",
            b.min_s, b.max_s
        ));
    }
    if [b.min_s, b.default_s, b.max_s]
        .iter()
        .any(|s| s % step != 0)
    {
        return fail(format!("every bound must be a multiple of {step} s"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> &'static Catalog {
        Catalog::embedded().expect("embedded content is valid")
    }

    #[test]
    fn embedded_content_covers_a_runners_chain() {
        let c = catalog();
        assert!(c.zones().len() >= 11);
        for id in [
            "plantar-fascia",
            "calves",
            "soleus-achilles",
            "shins",
            "it-band",
            "quadriceps",
            "hamstrings",
            "adductors",
            "glutes",
            "hip-flexors",
            "thoracic-spine",
        ] {
            assert!(c.zone(id).is_some(), "missing zone {id}");
        }
        // Chain order runs foot to back.
        let regions: Vec<Region> = c.zones().iter().map(|z| z.region).collect();
        let mut sorted = regions.clone();
        sorted.sort();
        assert_eq!(regions, sorted);
        assert!(!c.zone("thoracic-spine").expect("zone").sided);
        assert!(c.zone("calves").expect("zone").sided);
    }

    #[test]
    fn every_key_resolves_to_non_empty_english_and_no_text_is_orphaned() {
        let c = catalog();
        let mut used = c.text_keys();
        // The warm-up's moves are content too (`warmup`).
        let moves = crate::warmup::WarmUp::embedded().expect("warm-up content");
        used.extend(moves.text_keys());
        for key in &used {
            let text = c.english().strings.get(*key).expect("key present");
            assert!(!text.trim().is_empty(), "{key} is empty");
        }
        let orphans: Vec<&String> = c
            .english()
            .strings
            .keys()
            .filter(|k| !used.contains(k.as_str()))
            .collect();
        assert!(orphans.is_empty(), "strings nobody uses: {orphans:?}");
    }

    #[test]
    fn bounds_follow_the_protocol() {
        for z in catalog().zones() {
            assert!(z.self_care.min_s <= z.self_care.default_s);
            assert!(z.self_care.default_s <= z.self_care.max_s);
            assert!(
                z.bodywork.min_s >= 120 && z.bodywork.max_s <= 300,
                "{}",
                z.id
            );
        }
    }

    #[test]
    fn text_fills_placeholders_and_shows_missing_keys() {
        let c = catalog();
        assert_eq!(c.text("reason.sore", &[("level", "6")]), "Sore: 6/10");
        assert_eq!(c.text("no.such.key", &[]), "no.such.key");
    }

    fn broken(edit: impl FnOnce(&mut serde_json::Value)) -> ContentError {
        let mut doc: serde_json::Value = serde_json::from_str(ZONES_JSON).expect("json");
        edit(&mut doc);
        Catalog::parse(&doc.to_string(), STRINGS_EN_JSON).expect_err("must be rejected")
    }

    #[test]
    fn invalid_content_is_a_typed_error() {
        assert!(matches!(
            broken(|d| d["version"] = 99.into()),
            ContentError::UnsupportedVersion { found: 99, .. }
        ));
        assert!(matches!(
            broken(|d| d["zones"][1]["id"] = "plantar-fascia".into()),
            ContentError::DuplicateZone(_)
        ));
        assert!(matches!(
            broken(|d| d["zones"][0]["id"] = "Plantar Fascia".into()),
            ContentError::BadZoneId(_)
        ));
        assert!(matches!(
            broken(|d| d["zones"][1]["maintenance_rank"] = 2.into()),
            ContentError::DuplicateRank { rank: 2, .. }
        ));
        assert!(matches!(
            broken(|d| d["zones"][0]["tools"] = serde_json::json!([])),
            ContentError::NoTools(_)
        ));
        assert!(matches!(
            broken(|d| d["zones"][0]["cautions"] = serde_json::json!([])),
            ContentError::MissingCues { .. }
        ));
        assert!(matches!(
            broken(|d| d["zones"][0]["self_care"]["min_s"] = 100.into()),
            ContentError::BadBounds { .. }
        ));
        assert!(matches!(
            broken(|d| d["zones"][0]["bodywork"]["max_s"] = 600.into()),
            ContentError::BadBounds { .. }
        ));
        assert!(matches!(
            broken(|d| d["zones"][0]["position"] = "zone.nowhere".into()),
            ContentError::MissingText { .. }
        ));
        assert!(matches!(
            broken(|d| d["zones"][0]["colour"] = "red".into()),
            ContentError::Parse { .. }
        ));
        assert!(matches!(
            Catalog::parse("not json", STRINGS_EN_JSON),
            Err(ContentError::Parse { .. })
        ));
    }

    #[test]
    fn a_translation_with_a_blank_text_is_rejected() {
        let c = catalog();
        let mut fr = c.english().clone();
        fr.language = "fr".to_owned();
        fr.strings
            .insert("zone.calves.name".to_owned(), "  ".to_owned());
        assert!(matches!(
            c.check_translation(&fr),
            Err(ContentError::EmptyText { .. })
        ));
        fr.strings.remove("zone.calves.name");
        assert!(matches!(
            c.check_translation(&fr),
            Err(ContentError::MissingText { .. })
        ));
    }

    #[test]
    fn a_zone_is_named_by_its_id_or_the_start_of_one() {
        let c = catalog();
        assert_eq!(
            c.zone_named("it-band").map(|z| z.id.as_str()),
            Ok("it-band")
        );
        assert_eq!(c.zone_named("it").map(|z| z.id.as_str()), Ok("it-band"));
        let e = c.zone_named("h").expect_err("ambiguous");
        assert!(e.contains("hamstrings") && e.contains("hip-flexors"), "{e}");
        let e = c.zone_named("calf").expect_err("unknown");
        assert!(e.contains("did you mean \"calves\""), "{e}");
        assert!(c.zone_named("").is_err());
    }

    /// The pressure timing chart is data: every zone has a pressure in range, words for it and a
    /// tempo; content asking for more is refused, so no content edit can ask for firmer pressure
    /// than the protocol allows.
    #[test]
    fn every_zone_has_a_pressure_in_words_and_a_tempo() {
        let c = catalog();
        for z in c.zones_in_english() {
            assert!((1..=Pressure::MAX).contains(&z.pressure.daily), "{}", z.id);
            assert!(z.pressure.daily <= z.pressure.bodywork, "{}", z.id);
            assert!(
                !z.tempo.is_empty() && !z.tempo.starts_with("zone."),
                "{}",
                z.id
            );
            assert!(!z.daily_pressure.starts_with("pressure."), "{}", z.id);
        }
        let it = c
            .zones_in_english()
            .into_iter()
            .find(|z| z.id == "it-band")
            .unwrap();
        assert!(it.daily_pressure.starts_with("moderate"));
        let mut doc: serde_json::Value = serde_json::from_str(ZONES_JSON).expect("json");
        doc["zones"][0]["pressure"]["daily"] = serde_json::json!(9);
        assert!(matches!(
            Catalog::parse(&doc.to_string(), STRINGS_EN_JSON),
            Err(ContentError::BadPressure { daily: 9, .. })
        ));
    }
}
