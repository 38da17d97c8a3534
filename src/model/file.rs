//! The model file: versioned, compact, checked.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `ALAMNER\0` |
//! | 2 | format version ([`FORMAT_VERSION`]) |
//! | 4 | feature-template version ([`FEATURES_VERSION`]) |
//! | 1 | number of tags (9) |
//! | 4 | `f32` step of the quantized weights |
//! | 4 | number of feature rows `n` |
//! | 4 × 90 | `f32` transition weights (9 × 9, previous tag major), then start weights (9) |
//! | 4 × 2 | `f32` score calibration: the margin scored 0.5, then the scale (see [`Calibration`]) |
//! | varint × n | feature keys, ascending, each as the difference from the previous |
//! | n × 9 | `i8` weights, one row per key, to be multiplied by the step |
//! | 4 | length of the lexicon's table `m` |
//! | m | the lexicon: its entries hashed, in a table read in place (layout in `src/table.rs`) |
//! | 4 | FNV-1a 32-bit checksum of everything before |
//!
//! Decoding checks every length and the checksum and returns an [`Error`], never
//! panics. Version 3 had the lexicon's entries as text (UTF-8 length, text,
//! value), hashed into a map at every start; version 4 has them hashed
//! already.

use super::features::FEATURES_VERSION;
use super::lexicon::Lexicon;
use super::{Calibration, Model, TAGS};
use crate::gazetteer::Gazetteer;
use crate::Error;
use std::borrow::Cow;

const MAGIC: &[u8; 8] = b"ALAMNER\0";
/// The version of the layout above.
pub(crate) const FORMAT_VERSION: u16 = 4;

fn fnv32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Encodes `model`, quantizing its weights to 8 bits.
#[cfg(any(test, not(target_arch = "wasm32")))]
pub(crate) fn encode(model: &Model) -> Vec<u8> {
    let step = model.step;
    let mut out = Vec::with_capacity(64 + model.keys.len() * (TAGS + 3));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&FEATURES_VERSION.to_le_bytes());
    out.push(TAGS as u8);
    out.extend_from_slice(&step.to_le_bytes());
    out.extend_from_slice(&(model.keys.len() as u32).to_le_bytes());
    for row in &model.trans {
        for w in row {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    for w in &model.start {
        out.extend_from_slice(&w.to_le_bytes());
    }
    out.extend_from_slice(&model.calibration.margin.to_le_bytes());
    out.extend_from_slice(&model.calibration.scale.to_le_bytes());
    let mut prev = 0u32;
    for &k in &model.keys {
        varint(&mut out, k - prev);
        prev = k;
    }
    for &k in &model.keys {
        let row = model.row(k).copied().unwrap_or_default();
        out.extend(row.map(|w| w as u8));
    }
    let lexicon = model.lexicon.gazetteer().bytes();
    out.extend_from_slice(&(lexicon.len() as u32).to_le_bytes());
    out.extend_from_slice(lexicon);
    let sum = fnv32(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

#[cfg(any(test, not(target_arch = "wasm32")))]
fn varint(out: &mut Vec<u8>, mut d: u32) {
    loop {
        let b = (d & 0x7f) as u8;
        d >>= 7;
        if d == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// A cursor over the file that fails with [`Error::ModelTruncated`] at the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.at.checked_add(n).ok_or(Error::ModelTruncated)?;
        let s = self.bytes.get(self.at..end).ok_or(Error::ModelTruncated)?;
        self.at = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn f32(&mut self) -> Result<f32, Error> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    fn varint(&mut self) -> Result<u32, Error> {
        let mut v: u64 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.take(1)?[0];
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(v).map_err(|_| Error::ModelCorrupt);
            }
        }
        Err(Error::ModelCorrupt)
    }
}

/// Decodes a model file.
pub(crate) fn decode(bytes: &[u8]) -> Result<Model, Error> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(Error::ModelMagic);
    }
    let mut r = Reader { bytes, at: 8 };
    let version = u16::from_le_bytes(r.array()?);
    if version != FORMAT_VERSION {
        return Err(Error::ModelVersion(version as u32));
    }
    let features = u32::from_le_bytes(r.array()?);
    if features != FEATURES_VERSION {
        return Err(Error::ModelFeatures(features));
    }
    if r.take(1)?[0] as usize != TAGS {
        return Err(Error::ModelCorrupt);
    }
    if bytes.len() < 4 {
        return Err(Error::ModelTruncated);
    }
    let (body, sum) = bytes.split_at(bytes.len() - 4);
    let step = r.f32()?;
    let n = u32::from_le_bytes(r.array()?) as usize;
    // Each row takes at least 1 + TAGS bytes: refuse impossible counts before
    // allocating for them.
    if n.saturating_mul(1 + TAGS) > bytes.len() {
        return Err(Error::ModelTruncated);
    }
    let mut trans = [[0f32; TAGS]; TAGS];
    for row in &mut trans {
        for w in row.iter_mut() {
            *w = r.f32()?;
        }
    }
    let mut start = [0f32; TAGS];
    for w in &mut start {
        *w = r.f32()?;
    }
    let calibration = Calibration {
        margin: r.f32()?,
        scale: r.f32()?,
    };
    let mut keys = Vec::with_capacity(n);
    let mut prev = 0u32;
    for i in 0..n {
        let d = r.varint()?;
        if i > 0 && d == 0 {
            return Err(Error::ModelCorrupt);
        }
        prev = prev.checked_add(d).ok_or(Error::ModelCorrupt)?;
        keys.push(prev);
    }
    let rows: Vec<[i8; TAGS]> = r
        .take(n * TAGS)?
        .chunks_exact(TAGS)
        .map(|c| std::array::from_fn(|t| c[t] as i8))
        .collect();
    let m = u32::from_le_bytes(r.array()?) as usize;
    let lexicon = r.take(m)?;
    if r.at + 4 != bytes.len() {
        return Err(if r.at + 4 > bytes.len() {
            Error::ModelTruncated
        } else {
            Error::ModelCorrupt
        });
    }
    if fnv32(body).to_le_bytes() != sum {
        return Err(Error::ModelChecksum);
    }
    let (margin, scale) = (calibration.margin, calibration.scale);
    if keys.first() == Some(&0)
        || !step.is_finite()
        || step <= 0.0
        || !margin.is_finite()
        || !scale.is_finite()
        || scale <= 0.0
    {
        return Err(Error::ModelCorrupt);
    }
    let lexicon = Gazetteer::from_bytes(Cow::Owned(lexicon.to_vec())).ok_or(Error::ModelCorrupt)?;
    let mut model = Model::from_quantized(
        keys,
        &rows,
        step,
        trans,
        start,
        Lexicon::from_gazetteer(lexicon),
    );
    model.calibration = calibration;
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights_of(n: usize) -> Vec<[f32; TAGS]> {
        (0..n)
            .map(|r| std::array::from_fn(|t| ((r * TAGS + t) as f32 - 17.0) / 8.0))
            .collect()
    }

    fn sample() -> Model {
        let keys = vec![3, 17, 1 << 20, u32::MAX];
        let weights = weights_of(keys.len());
        let mut trans = [[0.5; TAGS]; TAGS];
        trans[1][2] = 2.25;
        let lexicon = Lexicon::from_entries(vec![
            ("الامم المتحده".to_string(), 3 << 4),
            ("بغداد".to_string(), 3 << 2),
        ]);
        let mut m = Model::new(keys, &weights, trans, [-1.0; TAGS], lexicon);
        m.calibration = Calibration {
            margin: 21.5,
            scale: 33.0,
        };
        m
    }

    #[test]
    fn round_trips_within_one_quantization_step() {
        let m = sample();
        let bytes = encode(&m);
        let back = decode(&bytes).expect("decodes");
        assert_eq!(back.keys, m.keys);
        assert_eq!(back.trans, m.trans);
        assert_eq!(back.start, m.start);
        assert_eq!(back.calibration, m.calibration);
        assert_eq!(
            back.lexicon.gazetteer().bytes(),
            m.lexicon.gazetteer().bytes()
        );
        assert_eq!(back.lexicon.gazetteer().word("بغداد"), Some(3 << 2));
        let weights = weights_of(m.keys.len());
        let step = weights.iter().flatten().fold(0f32, |a, w| a.max(w.abs())) / 127.0;
        assert!((back.step - step).abs() < 1e-6);
        for (k, row) in m.keys.iter().zip(&weights) {
            let back_row = back.row(*k).expect("every key has a row");
            for (a, &q) in row.iter().zip(back_row) {
                let b = q as f32 * back.step;
                assert!((a - b).abs() <= step / 2.0 + 1e-6, "{a} vs {b}");
            }
        }
        // Encoding the decoded model gives the same bytes.
        assert_eq!(encode(&back), bytes);
    }

    #[test]
    fn truncated_files_are_errors() {
        let bytes = encode(&sample());
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len]).is_err(), "length {len} accepted");
        }
    }

    #[test]
    fn corrupt_files_are_errors() {
        let bytes = encode(&sample());
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x41;
            assert!(decode(&bad).is_err(), "flip at {at} accepted");
        }
        assert_eq!(decode(b"not a model").unwrap_err(), Error::ModelMagic);
        let mut v2 = bytes.clone();
        v2[8] = 7;
        assert_eq!(decode(&v2).unwrap_err(), Error::ModelVersion(7));
    }
}
