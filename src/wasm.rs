//! The WebAssembly boundary: converts JavaScript values, forwards to the core and
//! turns every error into a thrown `Error` or `TypeError` with a message.
//!
//! Compiled only for `wasm32`. No Arabic logic lives here.

use crate::normalize::with_normalizer;
use crate::{Fold, Options};
use js_sys::{Object, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A `TypeError` carrying `message`, as a value to throw.
fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// Sets `obj[key] = value` on an object this module just created.
fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a data property on a plain, fresh object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Reads normalize options from a plain object such as `{alef: false}`.
fn options_from_js(value: &JsValue) -> Result<Options, JsValue> {
    let mut options = Options::default();
    if value.is_undefined() || value.is_null() {
        return Ok(options);
    }
    let Some(obj) = value.dyn_ref::<Object>() else {
        return Err(type_error("normalize options must be an object"));
    };
    for entry in Object::entries(obj).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let fold = Fold::from_js_name(&key).ok_or_else(|| {
            type_error(&format!(
                "unknown normalize option `{key}` (expected one of: {})",
                Fold::ALL.map(Fold::js_name).join(", ")
            ))
        })?;
        let on = pair
            .get(1)
            .as_bool()
            .ok_or_else(|| type_error(&format!("normalize option `{key}` must be a boolean")))?;
        options.set(fold, on);
    }
    Ok(options)
}

/// Normalizes `text` with the folds `options` enables (all but punctuation by default).
#[wasm_bindgen]
pub fn normalize(text: &str, options: JsValue) -> Result<String, JsValue> {
    let options = options_from_js(&options)?;
    Ok(crate::normalize(text, &options).into_owned())
}

/// Normalizes `text` and returns `{text, starts, ends, folds}`: normalized UTF-16
/// unit `i` came from original units `starts[i]..ends[i]` (two `Uint32Array`s),
/// and `folds` counts the original characters each fold changed.
#[wasm_bindgen(js_name = normalizeMapped)]
pub fn normalize_mapped(text: &str, options: JsValue) -> Result<Object, JsValue> {
    let options = options_from_js(&options)?;
    let (mapped, counts) = with_normalizer(&options, |n| {
        (n.normalize_mapped(text), n.count_folds(text))
    });
    let (starts, ends) = mapped.utf16_map();
    let folds = Object::new();
    for (fold, n) in counts {
        set(&folds, fold.js_name(), &JsValue::from(n as u32));
    }
    let out = Object::new();
    set(&out, "text", &JsValue::from_str(mapped.text()));
    set(&out, "starts", &Uint32Array::from(&starts[..]).into());
    set(&out, "ends", &Uint32Array::from(&ends[..]).into());
    set(&out, "folds", &folds.into());
    Ok(out)
}

/// A bare string round trip, the limit any string function can reach across the
/// boundary; compiled only for the benchmark build.
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = benchRoundTrip)]
pub fn bench_round_trip(text: &str) -> String {
    text.to_owned()
}

/// Loads part `part` (from 0) of the model and lists now, and says whether a
/// part `part + 1` remains: `init()` calls it once a task, so that start-up is
/// several short tasks instead of one long one.
#[wasm_bindgen]
pub fn preload(part: u32) -> bool {
    crate::Recognizer::preload(part as usize)
}

thread_local! {
    /// The page's recognizer: the embedded model plus the names `addNames` gave.
    static RECOGNIZER: std::cell::RefCell<crate::Recognizer> =
        std::cell::RefCell::new(crate::Recognizer::new());
}

/// A plain `Error` carrying `message`, as a value to throw.
fn error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

/// Reads `labels` of an entities options object; unknown labels throw.
fn labels_from_js(obj: &Object) -> Result<Vec<crate::Label>, JsValue> {
    let labels = Reflect::get(obj, &JsValue::from_str("labels"))?;
    if labels.is_undefined() || labels.is_null() {
        return Ok(crate::Label::ALL.to_vec());
    }
    let names: Vec<String> = serde_wasm_bindgen::from_value(labels)
        .map_err(|_| type_error("entities option `labels` must be an array of strings"))?;
    names
        .iter()
        .map(|n| n.parse().map_err(|e: crate::Error| error(&e.to_string())))
        .collect()
}

/// Reads `breaks` of an entities options object: an array or a
/// `Uint32Array` of UTF-16 offsets.
fn breaks_from_js(obj: &Object) -> Result<Vec<u32>, JsValue> {
    let breaks = Reflect::get(obj, &JsValue::from_str("breaks"))?;
    if breaks.is_undefined() || breaks.is_null() {
        return Ok(Vec::new());
    }
    if let Some(typed) = breaks.dyn_ref::<Uint32Array>() {
        return Ok(typed.to_vec());
    }
    serde_wasm_bindgen::from_value(breaks).map_err(|_| {
        type_error(
            "entities option `breaks` must be an array of non-negative integers (UTF-16 offsets)",
        )
    })
}

/// Reads `{labels?: string[], breaks?: number[] | Uint32Array}`.
fn entity_options_from_js(value: &JsValue) -> Result<(Vec<crate::Label>, Vec<u32>), JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok((crate::Label::ALL.to_vec(), Vec::new()));
    }
    let Some(obj) = value.dyn_ref::<Object>() else {
        return Err(type_error("entities options must be an object"));
    };
    Ok((labels_from_js(obj)?, breaks_from_js(obj)?))
}

/// The named entities of `text`: `[{start, end, label, text, key, score}]`,
/// sorted and non-overlapping, offsets in UTF-16 units of `text`.
/// `options.labels` keeps only the given labels (`PER`, `LOC`, `ORG`, `MISC`);
/// `options.breaks` lists UTF-16 offsets that no entity may span.
#[wasm_bindgen]
pub fn entities(text: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let (labels, breaks) = entity_options_from_js(&options)?;
    let options = crate::EntityOptions {
        labels: &labels,
        breaks: &breaks,
    };
    let found = RECOGNIZER.with(|r| r.borrow().entities_with(text, &options));
    serde_wasm_bindgen::to_value(&found).map_err(|e| error(&e.to_string()))
}

/// One entry of `addNames`.
#[derive(serde::Deserialize)]
struct NameIn {
    text: String,
    label: String,
}

/// Adds names a site knows, `[{text, label}]`; they win over the model. Throws
/// an `Error` on an unknown label (nothing is added then).
#[wasm_bindgen(js_name = addNames)]
pub fn add_names(list: JsValue) -> Result<(), JsValue> {
    let names: Vec<NameIn> = serde_wasm_bindgen::from_value(list)
        .map_err(|_| type_error("addNames expects an array of {text: string, label: string}"))?;
    RECOGNIZER.with(|r| {
        r.borrow_mut()
            .add_names(names.iter().map(|n| (&n.text, &n.label)))
            .map_err(|e| error(&e.to_string()))
    })
}

/// Removes every name `addNames` added.
#[wasm_bindgen(js_name = clearNames)]
pub fn clear_names() {
    RECOGNIZER.with(|r| r.borrow_mut().clear_names());
}

/// The spans of `text` where `query` occurs (`[{start, end}]`, UTF-16 units),
/// insensitive to diacritics, letter variants and proclitics.
#[wasm_bindgen]
pub fn find(text: &str, query: &str) -> js_sys::Array {
    let out = js_sys::Array::new();
    for r in crate::find(text, query) {
        let o = Object::new();
        set(&o, "start", &JsValue::from(r.start));
        set(&o, "end", &JsValue::from(r.end));
        out.push(&o);
    }
    out
}
