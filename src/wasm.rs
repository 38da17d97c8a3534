//! The WebAssembly boundary: converts JavaScript values, forwards to the core and
//! turns every error into a thrown `Error` or `TypeError` with a message.
//!
//! Compiled only for `wasm32`. No Arabic logic lives here.

use crate::normalize::with_normalizer;
use crate::{Fold, Options};
use js_sys::{JsString, Object, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The longest text, in UTF-16 code units, that one call takes (2^25, about 33.5
/// million). Checked before the text is copied into wasm memory, which never
/// shrinks: in Node, `entities` on 64 million units of Arabic news succeeded
/// and on 128 million trapped out of memory, so this keeps a call at half the
/// largest size measured to work. Longer texts get a `RangeError`.
pub const MAX_TEXT_UNITS: u32 = 1 << 25;

/// A `TypeError` carrying `message`, as a value to throw.
fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// A `RangeError` carrying `message`, as a value to throw.
fn range_error(message: &str) -> JsValue {
    js_sys::RangeError::new(message).into()
}

/// Reads the string argument `what` of a call: a `TypeError` if it is not a
/// string, a `RangeError` if it is longer than [`MAX_TEXT_UNITS`], both before
/// any of it is copied into wasm memory.
fn text_from_js(value: &JsValue, what: &str) -> Result<String, JsValue> {
    let Some(text) = value.dyn_ref::<JsString>() else {
        return Err(type_error(&format!("{what} must be a string")));
    };
    let units = text.length();
    if units > MAX_TEXT_UNITS {
        return Err(range_error(&format!(
            "{what} is {units} UTF-16 units long; one call takes at most {MAX_TEXT_UNITS} (split the text, e.g. at paragraphs)"
        )));
    }
    Ok(String::from(text))
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
    let obj = match value.dyn_ref::<Object>() {
        Some(obj) if !value.is_function() && !js_sys::Array::is_array(value) => obj,
        _ => return Err(type_error("normalize options must be an object")),
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
/// Throws a `TypeError` if `text` is not a string, a `RangeError` if it is longer
/// than [`MAX_TEXT_UNITS`].
#[wasm_bindgen]
pub fn normalize(text: JsValue, options: JsValue) -> Result<String, JsValue> {
    let text = text_from_js(&text, "normalize text")?;
    let options = options_from_js(&options)?;
    Ok(crate::normalize(&text, &options).into_owned())
}

/// Normalizes `text` and returns `{text, starts, ends, folds}`: normalized UTF-16
/// unit `i` came from original units `starts[i]..ends[i]` (two `Uint32Array`s),
/// and `folds` counts the original characters each fold changed.
/// Throws as `normalize` on a text that is not a string or too long.
#[wasm_bindgen(js_name = normalizeMapped)]
pub fn normalize_mapped(text: JsValue, options: JsValue) -> Result<Object, JsValue> {
    let text = text_from_js(&text, "normalizeMapped text")?;
    let options = options_from_js(&options)?;
    let (mapped, counts) = with_normalizer(&options, |n| {
        (n.normalize_mapped(&text), n.count_folds(&text))
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

thread_local! {
    /// The page's recognizer: the embedded model plus the names `addNames` gave.
    static RECOGNIZER: std::cell::RefCell<crate::Recognizer> =
        std::cell::RefCell::new(crate::Recognizer::new());
}

/// A plain `Error` carrying `message`, as a value to throw.
fn error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

/// Reads `{labels?: string[]}`; unknown labels throw.
fn labels_from_js(value: &JsValue) -> Result<Vec<crate::Label>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(crate::Label::ALL.to_vec());
    }
    let obj = match value.dyn_ref::<Object>() {
        Some(obj) if !value.is_function() && !js_sys::Array::is_array(value) => obj,
        _ => return Err(type_error("entities options must be an object")),
    };
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

/// The named entities of `text`: `[{start, end, label, text, key, score}]`,
/// sorted and non-overlapping, offsets in UTF-16 units of `text`.
/// `options.labels` keeps only the given labels (`PER`, `LOC`, `ORG`, `MISC`).
/// Throws as `normalize` on a text that is not a string or too long.
#[wasm_bindgen]
pub fn entities(text: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let text = text_from_js(&text, "entities text")?;
    let labels = labels_from_js(&options)?;
    let found = RECOGNIZER.with(|r| r.borrow().entities_with_labels(&text, &labels));
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
        recognizer_mut(r)?
            .add_names(names.iter().map(|n| (&n.text, &n.label)))
            .map_err(|e| error(&e.to_string()))
    })
}

/// The recognizer, to change it; an `Error` if a call that trapped (ran out of
/// memory) left it borrowed, since the module is then unusable.
fn recognizer_mut(
    cell: &std::cell::RefCell<crate::Recognizer>,
) -> Result<std::cell::RefMut<'_, crate::Recognizer>, JsValue> {
    cell.try_borrow_mut().map_err(|_| {
        error("the wasm module was left broken by a call that failed; load it again (init())")
    })
}

/// Removes every name `addNames` added.
#[wasm_bindgen(js_name = clearNames)]
pub fn clear_names() -> Result<(), JsValue> {
    RECOGNIZER.with(|r| {
        recognizer_mut(r)?.clear_names();
        Ok(())
    })
}

/// The spans of `text` where `query` occurs (`[{start, end}]`, UTF-16 units),
/// insensitive to diacritics, letter variants and proclitics. Throws as
/// `normalize` when `text` or `query` is not a string or too long.
#[wasm_bindgen]
pub fn find(text: JsValue, query: JsValue) -> Result<js_sys::Array, JsValue> {
    let text = text_from_js(&text, "find text")?;
    let query = text_from_js(&query, "find query")?;
    let out = js_sys::Array::new();
    for r in crate::find(&text, &query) {
        let o = Object::new();
        set(&o, "start", &JsValue::from(r.start));
        set(&o, "end", &JsValue::from(r.end));
        out.push(&o);
    }
    Ok(out)
}
