//! The browser's IndexedDB as a small key-value store of [`SavedRun`]s. Each call waits
//! for its request (or, for writes, the whole transaction: a full disk shows only when
//! the transaction aborts) by handing the request's events straight to a promise's
//! `resolve` and `reject`, so no Rust closure outlives the call. Errors are sentences.

use super::saved_run::SavedRun;
use js_sys::{Function, Promise, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DomException, IdbDatabase, IdbFactory, IdbRequest, IdbTransaction, IdbTransactionMode};

/// The page's database, its version and its one object store (keys are given, not kept in the values).
const DATABASE: &str = "nnplay";
const VERSION: u32 = 1;
const RUNS: &str = "runs";

/// Why nothing is saved where the browser offers no IndexedDB.
pub const NO_INDEXED_DB: &str = "this browser offers this page no IndexedDB (private browsing can turn it off), \
                                 so runs are not saved";

thread_local! {
    /// The database once opened: one connection serves the page.
    static OPEN: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// Whether the browser offers IndexedDB here; where it does not, persistence is off.
pub fn available() -> bool {
    factory().is_some()
}

/// Saves `run` under `key`, replacing what was there.
pub async fn put(key: &str, run: &SavedRun) -> Result<(), String> {
    let failed = |reason: String| format!("The run could not be saved: {reason}.");
    let value = Uint8Array::from(run.encode().as_slice());
    let (transaction, request) =
        request(IdbTransactionMode::Readwrite, |store| store.put_with_key(&value, &JsValue::from_str(key)))
            .await
            .map_err(failed)?;
    drop(request);
    committed(&transaction, "saving the run").await.map_err(failed)
}

/// The run saved under `key`, if there is one.
pub async fn get(key: &str) -> Result<Option<SavedRun>, String> {
    let failed = |reason: String| format!("The saved run could not be read: {reason}.");
    let (_, request) =
        request(IdbTransactionMode::Readonly, |store| store.get(&JsValue::from_str(key))).await.map_err(failed)?;
    let value = settled(&request, "reading the run").await.map_err(failed)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let bytes = value.dyn_into::<Uint8Array>().map_err(|_| failed("it is not a byte array".into()))?;
    SavedRun::decode(&bytes.to_vec()).map(Some).map_err(failed)
}

/// Forgets the run saved under `key` (nothing happens if there is none).
pub async fn delete(key: &str) -> Result<(), String> {
    let failed = |reason: String| format!("The saved run could not be deleted: {reason}.");
    let (transaction, _) =
        request(IdbTransactionMode::Readwrite, |store| store.delete(&JsValue::from_str(key))).await.map_err(failed)?;
    committed(&transaction, "deleting the run").await.map_err(failed)
}

/// The browser's IndexedDB factory, if it offers one to this page.
fn factory() -> Option<IdbFactory> {
    web_sys::window()?.indexed_db().ok().flatten()
}

/// Starts `make` on the runs store in a new transaction of `mode`.
async fn request(
    mode: IdbTransactionMode,
    make: impl FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue>,
) -> Result<(IdbTransaction, IdbRequest), String> {
    let database = database().await?;
    let transaction = database.transaction_with_str_and_mode(RUNS, mode).map_err(|e| thrown(&e, "starting"))?;
    let store = transaction.object_store(RUNS).map_err(|e| thrown(&e, "opening the store"))?;
    let request = make(&store).map_err(|e| thrown(&e, "asking"))?;
    Ok((transaction, request))
}

/// The open database, opened (and created on first use) if it is not yet.
async fn database() -> Result<IdbDatabase, String> {
    if let Some(database) = OPEN.with_borrow(Clone::clone) {
        return Ok(database);
    }
    let factory = factory().ok_or_else(|| NO_INDEXED_DB.to_string())?;
    let opening = factory.open_with_u32(DATABASE, VERSION).map_err(|e| thrown(&e, "opening the database"))?;
    // The first open of a version creates the store; the closure lives until the open settles.
    let upgrade = {
        let opening = opening.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if let Ok(database) = opening.result().and_then(|db| db.dyn_into::<IdbDatabase>())
                && !database.object_store_names().contains(RUNS)
            {
                // A failure here aborts the open, which reports it.
                let _ = database.create_object_store(RUNS);
            }
        })
    };
    opening.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = settled(&opening, "opening the database").await;
    opening.set_onupgradeneeded(None);
    drop(upgrade);
    let database: IdbDatabase = result?.dyn_into().map_err(|_| "the browser opened no database".to_string())?;
    // Another tab upgrading the database needs this connection closed.
    let closing = database.clone();
    let on_version_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        closing.close();
        OPEN.with_borrow_mut(|open| *open = None);
    });
    database.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    // It lives as long as the connection, which serves the page to its end.
    on_version_change.forget();
    OPEN.with_borrow_mut(|open| *open = Some(database.clone()));
    Ok(database)
}

/// Waits for the promise whose `resolve` and `reject` `arm` hands to event handlers.
async fn first_of(arm: impl FnOnce(&Function, &Function)) -> bool {
    let mut arm = Some(arm);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(arm) = arm.take() {
            arm(&resolve, &reject);
        }
    });
    JsFuture::from(promise).await.is_ok()
}

/// The result of `request` once it succeeds, or its error as a sentence.
async fn settled(request: &IdbRequest, doing: &str) -> Result<JsValue, String> {
    let succeeded = first_of(|resolve, reject| {
        request.set_onsuccess(Some(resolve));
        request.set_onerror(Some(reject));
    })
    .await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    if succeeded {
        request.result().map_err(|e| thrown(&e, doing))
    } else {
        Err(failure(request.error().ok().flatten(), doing))
    }
}

/// Waits until `transaction` is written, or says why it was not.
async fn committed(transaction: &IdbTransaction, doing: &str) -> Result<(), String> {
    let succeeded = first_of(|resolve, reject| {
        transaction.set_oncomplete(Some(resolve));
        transaction.set_onabort(Some(reject));
        transaction.set_onerror(Some(reject));
    })
    .await;
    transaction.set_oncomplete(None);
    transaction.set_onabort(None);
    transaction.set_onerror(None);
    if succeeded { Ok(()) } else { Err(failure(transaction.error(), doing)) }
}

/// A thrown JavaScript error as a sentence.
fn thrown(error: &JsValue, doing: &str) -> String {
    match error.dyn_ref::<DomException>() {
        Some(exception) => describe(&exception.name(), &exception.message(), doing),
        None => format!("{doing} failed: {}", error.as_string().unwrap_or_else(|| format!("{error:?}"))),
    }
}

/// A failed request's or transaction's error as a sentence.
fn failure(error: Option<DomException>, doing: &str) -> String {
    match error {
        Some(exception) => describe(&exception.name(), &exception.message(), doing),
        None => format!("{doing} failed for no reason the browser gave"),
    }
}

/// What an IndexedDB error of this name means for the learner.
pub fn describe(name: &str, message: &str, doing: &str) -> String {
    match name {
        "QuotaExceededError" => "the browser's storage for this page is full (quota exceeded)".to_string(),
        "InvalidStateError" | "SecurityError" | "NotAllowedError" => NO_INDEXED_DB.to_string(),
        "VersionError" => "a newer version of this page has changed its saved data; reload the page".to_string(),
        _ if message.is_empty() => format!("{doing} failed with {name}"),
        _ => format!("{doing} failed with {name}: {}", message.trim_end_matches('.')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_errors_become_sentences_that_say_what_to_do() {
        assert!(describe("QuotaExceededError", "", "saving the run").contains("storage for this page is full"));
        assert_eq!(describe("InvalidStateError", "A mutation operation was attempted", "opening"), NO_INDEXED_DB);
        assert!(describe("VersionError", "", "opening the database").contains("reload the page"));
        assert_eq!(
            describe("UnknownError", "Internal error.", "reading the run"),
            "reading the run failed with UnknownError: Internal error"
        );
        assert_eq!(describe("AbortError", "", "saving the run"), "saving the run failed with AbortError");
    }
}
