//! A small FIT decoder: only what a run needs (docs/ffi.md says why it is not the `fitparser`
//! crate). It reads the `file_id` message (global 0: serial number, time created) and every
//! `session` message (global 18: start, sport, elapsed and timer time, distance, cadence,
//! ascent), and walks every other message only to step over it.
//!
//! What it checks (each a [`FitError`], never a panic): the header (12 or 14 bytes, the `.FIT`
//! tag, its CRC when it has one), the data size against the file, the file's CRC, every record
//! header (a data message needs a definition for its local type), every length before it is
//! read. Several FIT files one after another (a chained file) are read in turn. A value equal
//! to its base type's invalid sentinel is absent.

use std::fmt;

/// Seconds from the Unix epoch to the FIT epoch (1989-12-31T00:00:00Z).
pub const FIT_EPOCH_S: i64 = 631_065_600;

/// Why a FIT file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FitError {
    /// What is wrong, in English.
    pub reason: String,
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for FitError {}

fn err(reason: impl Into<String>) -> FitError {
    FitError {
        reason: reason.into(),
    }
}

/// The `file_id` message: who wrote the file and when.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileId {
    /// The device's serial number (field 3).
    pub serial_number: Option<u32>,
    /// When the file was made, seconds since the FIT epoch (field 4).
    pub time_created: Option<u32>,
}

/// One `session` message: the summary of one activity (a multisport file has several).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Session {
    /// Seconds since the FIT epoch (field 2).
    pub start_time: Option<u32>,
    /// The sport (field 5): 1 is running.
    pub sport: Option<u8>,
    /// Elapsed time in seconds (field 7, stored in ms).
    pub total_elapsed_time_s: Option<f64>,
    /// Timer (moving) time in seconds (field 8, stored in ms).
    pub total_timer_time_s: Option<f64>,
    /// Distance in metres (field 9, stored in cm).
    pub total_distance_m: Option<f64>,
    /// Average cadence (field 18): strides (one foot) per minute for running.
    pub avg_cadence: Option<u8>,
    /// Its fraction (field 92), in 1/128.
    pub avg_fractional_cadence: Option<u8>,
    /// Total ascent in metres (field 22).
    pub total_ascent_m: Option<u16>,
    /// The `file_id` the session came after (chained files have one each).
    pub file_id: FileId,
}

impl Session {
    /// The sport number of running.
    pub const RUNNING: u8 = 1;

    /// Average cadence in strides per minute, with its fraction.
    pub fn cadence(&self) -> Option<f64> {
        let whole = f64::from(self.avg_cadence?);
        let frac = self
            .avg_fractional_cadence
            .map_or(0.0, |f| f64::from(f) / 128.0);
        Some(whole + frac)
    }
}

/// Everything this decoder reads from a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitFile {
    /// The last `file_id` message.
    pub file_id: FileId,
    /// The sessions, in file order.
    pub sessions: Vec<Session>,
}

/// The CRC-16 FIT uses (the nibble table of the FIT SDK).
pub fn crc16(mut crc: u16, bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    for &b in bytes {
        let mut tmp = TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[usize::from(b & 0xF)];
        tmp = TABLE[usize::from(crc & 0xF)];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[usize::from((b >> 4) & 0xF)];
    }
    crc
}

/// A field of a definition message.
#[derive(Debug, Clone, Copy)]
struct Field {
    number: u8,
    size: u8,
    base: u8,
}

/// A definition message: how the data messages of one local type are laid out.
#[derive(Debug, Clone)]
struct Definition {
    big_endian: bool,
    global: u16,
    fields: Vec<Field>,
    /// Bytes of developer fields after the fields (skipped).
    developer_bytes: usize,
}

/// A cursor over the data records of one FIT file, every read bounds-checked.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Where the data records start in the whole file (for messages).
    base: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], FitError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| {
                err(format!(
                    "{what} at byte {} runs past the end of the data records",
                    self.base + self.at
                ))
            })?;
        let out = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| err("out of bounds"))?;
        self.at = end;
        Ok(out)
    }

    fn u8(&mut self, what: &str) -> Result<u8, FitError> {
        self.take(1, what)?
            .first()
            .copied()
            .ok_or_else(|| err("out of bounds"))
    }
}

/// The size in bytes of one value of a base type (its number without the endian bit), and
/// whether it is known.
fn base_size(base: u8) -> Option<usize> {
    Some(match base & 0x1F {
        0x00..=0x02 | 0x07 | 0x0A | 0x0D => 1,
        0x03 | 0x04 | 0x0B => 2,
        0x05 | 0x06 | 0x08 | 0x0C => 4,
        0x09 | 0x0E | 0x0F | 0x10 => 8,
        _ => return None,
    })
}

/// The first value of an unsigned integer field (enum, uint8/16/32 and their `z` forms), or
/// `None` when it is its type's invalid value, the field is not an unsigned integer of at most
/// 32 bits, or it is shorter than one value.
fn unsigned(field: Field, raw: &[u8], big_endian: bool) -> Option<u32> {
    let (size, invalid, zero_invalid) = match field.base & 0x1F {
        0x00 | 0x02 | 0x0D => (1, 0xFF, false),
        0x0A => (1, 0, true),
        0x04 => (2, 0xFFFF, false),
        0x0B => (2, 0, true),
        0x06 => (4, 0xFFFF_FFFF, false),
        0x0C => (4, 0, true),
        _ => return None,
    };
    let bytes = raw.get(..size)?;
    let mut value: u32 = 0;
    if big_endian {
        for &b in bytes {
            value = (value << 8) | u32::from(b);
        }
    } else {
        for &b in bytes.iter().rev() {
            value = (value << 8) | u32::from(b);
        }
    }
    if value == invalid || (zero_invalid && value == 0) {
        None
    } else {
        Some(value)
    }
}

/// Reads the `file_id` and `session` messages of a FIT file (or of several chained).
pub fn decode(bytes: &[u8]) -> Result<FitFile, FitError> {
    let mut out = FitFile::default();
    let mut at = 0;
    while at < bytes.len() {
        let rest = bytes.get(at..).ok_or_else(|| err("out of bounds"))?;
        // Some writers pad a file with zeros after its CRC: nothing more to read.
        if at > 0 && rest.iter().all(|&b| b == 0) {
            break;
        }
        at += decode_one(rest, at, &mut out)?;
    }
    if at == 0 {
        return Err(err("the file is empty"));
    }
    Ok(out)
}

/// Reads one FIT file from the start of `bytes` (at `offset` in the whole), returning its length.
fn decode_one(bytes: &[u8], offset: usize, out: &mut FitFile) -> Result<usize, FitError> {
    let header_size = usize::from(*bytes.first().ok_or_else(|| err("the file is empty"))?);
    if header_size != 12 && header_size != 14 {
        return Err(err(format!(
            "not a FIT file: the header at byte {offset} says it is {header_size} bytes (12 or 14)"
        )));
    }
    let header = bytes
        .get(..header_size)
        .ok_or_else(|| err("the file ends inside its FIT header"))?;
    if header.get(8..12) != Some(b".FIT".as_slice()) {
        return Err(err("not a FIT file: no \".FIT\" tag in the header"));
    }
    let size_bytes: [u8; 4] = header
        .get(4..8)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| err("the file ends inside its FIT header"))?;
    let data_size = usize::try_from(u32::from_le_bytes(size_bytes))
        .map_err(|_| err("the data size does not fit in memory"))?;
    if header_size == 14 {
        let stored = header
            .get(12..14)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .unwrap_or(0);
        let first12 = header.get(..12).ok_or_else(|| err("short header"))?;
        if stored != 0 && stored != crc16(0, first12) {
            return Err(err("the header's CRC does not match: the file is damaged"));
        }
    }
    let data_end = header_size
        .checked_add(data_size)
        .ok_or_else(|| err("the data size is impossibly large"))?;
    let total = data_end
        .checked_add(2)
        .ok_or_else(|| err("the data size is impossibly large"))?;
    if total > bytes.len() {
        return Err(err(format!(
            "the file is truncated: its header promises {data_size} bytes of data and a CRC, \
             {} bytes are there",
            bytes.len().saturating_sub(header_size)
        )));
    }
    let covered = bytes.get(..data_end).ok_or_else(|| err("out of bounds"))?;
    let stored = bytes
        .get(data_end..total)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .ok_or_else(|| err("out of bounds"))?;
    if stored != crc16(0, covered) {
        return Err(err("the file's CRC does not match: the file is damaged"));
    }
    let data = bytes
        .get(header_size..data_end)
        .ok_or_else(|| err("out of bounds"))?;
    read_records(data, offset + header_size, out)?;
    Ok(total)
}

fn read_records(data: &[u8], base: usize, out: &mut FitFile) -> Result<(), FitError> {
    let mut cur = Cursor {
        bytes: data,
        at: 0,
        base,
    };
    let mut definitions: [Option<Definition>; 16] = Default::default();
    let mut last_timestamp: Option<u32> = None;
    while cur.at < data.len() {
        let start = base + cur.at;
        let header = cur.u8("a record header")?;
        if header & 0x80 != 0 {
            // Compressed timestamp header: a data message of local type 0–3.
            let local = usize::from((header >> 5) & 0x03);
            let offset = u32::from(header & 0x1F);
            if let Some(last) = last_timestamp {
                let mut ts = (last & !0x1F).wrapping_add(offset);
                if offset < (last & 0x1F) {
                    ts = ts.wrapping_add(0x20);
                }
                last_timestamp = Some(ts);
            }
            let def = definitions
                .get(local)
                .and_then(Option::as_ref)
                .ok_or_else(|| undefined(local, start))?;
            read_data(&mut cur, def, out, &mut last_timestamp)?;
        } else if header & 0x40 != 0 {
            let local = usize::from(header & 0x0F);
            let developer = header & 0x20 != 0;
            let def = read_definition(&mut cur, developer)?;
            if let Some(slot) = definitions.get_mut(local) {
                *slot = Some(def);
            }
        } else {
            let local = usize::from(header & 0x0F);
            let def = definitions
                .get(local)
                .and_then(Option::as_ref)
                .ok_or_else(|| undefined(local, start))?;
            read_data(&mut cur, def, out, &mut last_timestamp)?;
        }
    }
    Ok(())
}

fn undefined(local: usize, at: usize) -> FitError {
    err(format!(
        "a data message at byte {at} uses local message type {local}, which no definition \
         message defined"
    ))
}

fn read_definition(cur: &mut Cursor<'_>, developer: bool) -> Result<Definition, FitError> {
    let fixed = cur.take(5, "a definition message")?;
    let (arch, g0, g1, n) = match fixed {
        [_, arch, g0, g1, n] => (*arch, *g0, *g1, *n),
        _ => return Err(err("out of bounds")),
    };
    let big_endian = match arch {
        0 => false,
        1 => true,
        other => {
            return Err(err(format!(
                "a definition message has architecture {other} (0 or 1)"
            )))
        }
    };
    let global = if big_endian {
        u16::from_be_bytes([g0, g1])
    } else {
        u16::from_le_bytes([g0, g1])
    };
    let raw = cur.take(usize::from(n) * 3, "a definition's fields")?;
    let fields = raw
        .chunks_exact(3)
        .map(|c| match c {
            [number, size, base] => Field {
                number: *number,
                size: *size,
                base: *base,
            },
            _ => Field {
                number: 0xFF,
                size: 0,
                base: 0,
            },
        })
        .collect();
    let mut developer_bytes = 0;
    if developer {
        let count = cur.u8("a definition's developer field count")?;
        let raw = cur.take(usize::from(count) * 3, "a definition's developer fields")?;
        developer_bytes = raw
            .chunks_exact(3)
            .map(|c| usize::from(c.get(1).copied().unwrap_or(0)))
            .sum();
    }
    Ok(Definition {
        big_endian,
        global,
        fields,
        developer_bytes,
    })
}

fn read_data(
    cur: &mut Cursor<'_>,
    def: &Definition,
    out: &mut FitFile,
    last_timestamp: &mut Option<u32>,
) -> Result<(), FitError> {
    let mut session = Session::default();
    let mut file_id = FileId::default();
    for field in &def.fields {
        let raw = cur.take(usize::from(field.size), "a data message")?;
        // A field whose size is not a whole number of its base type's values is read as bytes
        // (the FIT SDK does so): not a value this decoder uses.
        let whole = base_size(field.base)
            .is_some_and(|s| usize::from(field.size) >= s && usize::from(field.size) % s == 0);
        if !whole {
            continue;
        }
        let value = unsigned(*field, raw, def.big_endian);
        if field.number == 253 {
            if let Some(ts) = value {
                *last_timestamp = Some(ts);
            }
        }
        match (def.global, field.number) {
            (0, 3) => file_id.serial_number = value,
            (0, 4) => file_id.time_created = value,
            (18, 2) => session.start_time = value,
            (18, 5) => session.sport = value.and_then(|v| u8::try_from(v).ok()),
            (18, 7) => session.total_elapsed_time_s = value.map(|v| f64::from(v) / 1000.0),
            (18, 8) => session.total_timer_time_s = value.map(|v| f64::from(v) / 1000.0),
            (18, 9) => session.total_distance_m = value.map(|v| f64::from(v) / 100.0),
            (18, 18) => session.avg_cadence = value.and_then(|v| u8::try_from(v).ok()),
            (18, 92) => session.avg_fractional_cadence = value.and_then(|v| u8::try_from(v).ok()),
            (18, 22) => session.total_ascent_m = value.and_then(|v| u16::try_from(v).ok()),
            _ => {}
        }
    }
    cur.take(def.developer_bytes, "a data message's developer fields")?;
    match def.global {
        0 => out.file_id = file_id,
        18 => {
            session.file_id = out.file_id;
            out.sessions.push(session);
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_of_the_fit_sdk() {
        // The FIT SDK's CRC-16 is CRC-16/ARC: "123456789" gives 0xBB3D.
        assert_eq!(crc16(0, b"123456789"), 0xBB3D);
    }

    #[test]
    fn nothing_panics_on_short_or_odd_input() {
        for len in 0..64 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37) as u8).collect();
            let _ = decode(&bytes);
        }
        assert!(decode(&[]).is_err());
        assert!(decode(&[14]).is_err());
    }
}
