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

/// The string argument `name` of a call: a `TypeError` if it is not a
/// string, a `RangeError` (before copying it in) if it is longer than
/// [`MAX_TEXT_UNITS`].
fn text_arg(value: &JsValue, name: &str) -> Result<String, JsValue> {
    let Some(s) = value.dyn_ref::<JsString>() else {
        return Err(type_error(&format!("{name} must be a string")));
    };
    if s.length() > MAX_TEXT_UNITS {
        return Err(range_error(&format!(
            "{name} is {} UTF-16 units long; alam takes at most {MAX_TEXT_UNITS} per call (cut it into parts)",
            s.length()
        )));
    }
    Ok(String::from(s))
}

/// `value` as a plain object (`{...}`: its prototype is `Object.prototype` or
/// none); arrays, functions, Dates, Maps and the like are not options.
fn plain_object(value: &JsValue) -> Option<&Object> {
    if !value.is_object() {
        return None;
    }
    // Not `dyn_ref`: an object without a prototype is no `instanceof Object`.
    let obj: &Object = value.unchecked_ref();
    let proto = Object::get_prototype_of(value);
    let plain = proto.is_null() || proto == Object::get_prototype_of(&Object::new());
    (plain && !value.is_function()).then_some(obj)
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
    let Some(obj) = plain_object(value) else {
        return Err(type_error("normalize options must be a plain object"));
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
    let text = text_arg(&text, "text")?;
    let options = options_from_js(&options)?;
    Ok(crate::normalize(&text, &options).into_owned())
}

/// Normalizes `text` and returns `{text, starts, ends, folds}`: normalized UTF-16
/// unit `i` came from original units `starts[i]..ends[i]` (two `Uint32Array`s),
/// and `folds` counts the original characters each fold changed.
/// Throws as `normalize` on a text that is not a string or too long.
#[wasm_bindgen(js_name = normalizeMapped)]
pub fn normalize_mapped(text: JsValue, options: JsValue) -> Result<Object, JsValue> {
    let text = text_arg(&text, "text")?;
    let text = text.as_str();
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
/// part `part + 1` remains: `init()` calls it until it returns false, moving
/// to a new task only if the current one has grown long.
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
    let Some(obj) = plain_object(value) else {
        return Err(type_error("entities options must be a plain object"));
    };
    Ok((labels_from_js(obj)?, breaks_from_js(obj)?))
}

/// The named entities of `text`: `[{start, end, label, text, key, score}]`,
/// sorted and non-overlapping, offsets in UTF-16 units of `text`.
/// `options.labels` keeps only the given labels (`PER`, `LOC`, `ORG`, `MISC`);
/// `options.breaks` lists UTF-16 offsets that no entity may span.
#[wasm_bindgen]
pub fn entities(text: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let text = text_arg(&text, "text")?;
    let (labels, breaks) = entity_options_from_js(&options)?;
    let options = crate::EntityOptions {
        labels: &labels,
        breaks: &breaks,
    };
    let found = RECOGNIZER.with(|r| r.borrow().entities_with(&text, &options));
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
    let (text, query) = (text_arg(&text, "text")?, text_arg(&query, "query")?);
    let out = js_sys::Array::new();
    for r in crate::find(&text, &query) {
        let o = Object::new();
        set(&o, "start", &JsValue::from(r.start));
        set(&o, "end", &JsValue::from(r.end));
        out.push(&o);
    }
    Ok(out)
}
