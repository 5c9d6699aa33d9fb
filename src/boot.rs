//! Starting the app in the browser.
//!
//! On a prerendered page (the usual case) the page names the API file it
//! was rendered from (`data-src` on its `standfirst-page` element), and the
//! page's loader (crates/prerender, `template.rs`) fetches that file and
//! `site.json` once the page has loaded, beside the wasm, and hands them
//! over as `window.standfirstData`. The page itself carries no data: it is
//! as small as the page without scripts, so nothing of the app's competes
//! with the page's first paint. The app renders the same page from that
//! data, synchronously and off-screen, then swaps it in for the
//! prerendered markup in one step, carrying over what the reader did
//! before it arrived: the scroll position, the focused element and
//! anything typed into a form. Nothing the reader can see changes.
//!
//! If either file cannot be had (offline, and never kept), the prerendered
//! page stays as it is, whole and with working links, and the root says
//! `data-app="failed"`, as when the wasm itself fails.
//!
//! A page served for a path it was not rendered for (the not-found page
//! standing in for an app route) is rendered afresh from the API, and so
//! is `trunk serve`'s bare shell, which has no prerendered loader.

use crate::prerendered::{route_path, PageData, Prerendered, PAGE_DATA_ID};
use crate::App;
use leptos::prelude::*;
use standfirst_model::Site;
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// Element id of the prerendered app's root.
pub const APP_ROOT_ID: &str = "app";

/// Starts the app: takes over the prerendered page, or renders one.
pub fn mount() {
    let loaded = js_sys::Reflect::get(&window(), &JsValue::from_str("standfirstData"))
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Promise>().ok());
    // Leptos's executor starts with the first mount, so this waits on the
    // browser's own.
    wasm_bindgen_futures::spawn_local(async move {
        match loaded {
            Some(loaded) => {
                let texts = wasm_bindgen_futures::JsFuture::from(loaded)
                    .await
                    .ok()
                    .map(|v| js_sys::Array::from(&v));
                let text = |i| texts.as_ref().and_then(|t| t.get(i).as_string());
                let (site, page) = (text(0), text(1));
                // site.json is decoded in a task of its own (not the one
                // that started the wasm), the page's data in the next (a
                // story's is the largest), and rendering starts in the
                // task after that.
                set_timeout(
                    move || match site.as_deref().map(crate::json::decode::<Site>) {
                        Some(Ok(site)) => set_timeout(
                            move || take_over_page(site, page),
                            std::time::Duration::ZERO,
                        ),
                        Some(Err(e)) => stay(&format!("site.json: {e}")),
                        None => stay("site.json could not be loaded"),
                    },
                    std::time::Duration::ZERO,
                );
            }
            None => {
                let scope = crate::api::RequestScope::new();
                match crate::api::site(&scope.next()).await {
                    Ok(site) => take_over(Arc::new(site), None),
                    Err(e) => stay(&format!("site.json: {e}")),
                }
            }
        }
    });
}

/// Takes over the prerendered page from its data (`page`, the text of the
/// file the page names), or renders afresh on a page that stands in for
/// another path.
fn take_over_page(site: Site, page: Option<String>) {
    let here = route_path(&window().location().pathname().unwrap_or_default());
    let initial = match read_page(page.as_deref()) {
        Ok(p) if p.path == here => Some(p),
        Ok(_) => None,
        Err(reason) => return stay(&reason),
    };
    set_timeout(
        move || take_over(Arc::new(site), initial.map(Arc::new)),
        std::time::Duration::ZERO,
    );
}

/// Leaves the prerendered page as it is (readable, its links plain links)
/// and says why on the console.
fn stay(reason: &str) {
    leptos::logging::warn!("the app could not start: {reason}");
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-app", "failed");
    }
}

/// Renders the app off-screen and puts it in place of the prerendered root
/// (or, with no prerendered root, at the end of `<body>`). With `initial`,
/// the root holds that page and what the reader did to it is carried over.
pub fn take_over(site: Arc<Site>, initial: Option<Arc<Prerendered>>) {
    let doc = document();
    // The head tags the app manages itself (title, description) are
    // replaced by the app's own; the prerendered canonical, Open Graph and
    // JSON-LD stay until the first navigation (see `nav`).
    crate::nav::remove_all("head [data-app-head]");
    let Ok(fresh) = doc.create_element("div") else {
        return;
    };
    fresh.set_id(APP_ROOT_ID);
    let target: HtmlElement = fresh.clone().unchecked_into();
    let old = doc.get_element_by_id(APP_ROOT_ID);
    // A different page's markup is replaced as it is; the same page's keeps
    // what the reader did to it.
    let same_page = initial.is_some();
    // On the same page, the page's later parts (see `Later`) render one
    // task each, and the swap comes in a task after them, so that no one
    // task blocks the reader's input for long (total blocking time).
    let later = crate::app::Later::new(!same_page);
    leptos::mount::mount_to(target, move || view! { <App site initial later /> }).forget();
    let place = move || {
        match old {
            Some(old) if same_page => swap(&old, &fresh),
            Some(old) => {
                let _ = old.replace_with_with_node_1(&fresh);
            }
            None => {
                if let Some(body) = doc.body() {
                    let _ = body.append_child(&fresh);
                }
            }
        }
        if let Some(root) = doc.document_element() {
            let _ = root.set_attribute("data-app", "ready");
        }
    };
    if same_page {
        later_parts(later, Box::new(place));
    } else {
        place();
    }
}

/// In a task of its own, renders the next of the page's later parts, and so
/// on until none is left; then `place`s the page.
fn later_parts(parts: crate::app::Later, place: Box<dyn FnOnce()>) {
    set_timeout(
        move || {
            if parts.next() {
                later_parts(parts, place);
            } else {
                after_lead_picture(place);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// Runs `place` once the prerendered page's lead picture (the front's lead,
/// a story's hero: the largest paint) has painted, through the page's head
/// script (`standfirstAfterLead` in index.html): the app's copy of it, the
/// same file already decoded, is then not a new, later largest paint.
fn after_lead_picture(place: Box<dyn FnOnce()>) {
    let hook = js_sys::Reflect::get(
        &window(),
        &wasm_bindgen::JsValue::from_str("standfirstAfterLead"),
    )
    .ok()
    .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match hook {
        Some(f) => {
            let go = wasm_bindgen::closure::Closure::once_into_js(place);
            let _ = f.call1(&wasm_bindgen::JsValue::NULL, &go);
        }
        None => place(),
    }
}

/// Replaces `old` with `fresh` (the same markup), keeping scroll, focus and
/// form state.
fn swap(old: &Element, fresh: &Element) {
    let win = window();
    // Read before the swap, when the page's layout is up to date (nothing in
    // the document changed since the last frame, so this costs nothing).
    let (x, y) = (win.scroll_x().unwrap_or(0.0), win.scroll_y().unwrap_or(0.0));
    carry_form_state(old, fresh);
    let focus = document()
        .active_element()
        .and_then(|active| path_to(old, &active));
    let _ = old.replace_with_with_node_1(fresh);
    if let Some(el) = focus.and_then(|path| follow(fresh, &path)) {
        if let Ok(el) = el.dyn_into::<HtmlElement>() {
            let opts = web_sys::FocusOptions::new();
            opts.set_prevent_scroll(true);
            let _ = el.focus_with_options(&opts);
        }
    }
    // Asking where the page is scrolled now would lay the whole new page
    // out in this task; at the top (a first visit) nothing can have moved,
    // and further down the position is set again, which is the same cost.
    if x != 0.0 || y != 0.0 {
        win.scroll_to_with_x_and_y(x, y);
    }
}

/// Copies what the reader typed or ticked into the matching controls of
/// the new markup, firing the events the app listens to so that its state
/// follows.
fn carry_form_state(old: &Element, fresh: &Element) {
    let Ok(controls) = old.query_selector_all("input, select, textarea") else {
        return;
    };
    for i in 0..controls.length() {
        let Some(before) = controls.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let Some(after) = path_to(old, &before).and_then(|p| follow(fresh, &p)) else {
            continue;
        };
        if let (Some(b), Some(a)) = (
            before.dyn_ref::<HtmlInputElement>(),
            after.dyn_ref::<HtmlInputElement>(),
        ) {
            let kind = b.type_();
            if kind == "checkbox" || kind == "radio" {
                if a.checked() != b.checked() {
                    a.set_checked(b.checked());
                    fire(&after, "change");
                }
            } else if kind != "hidden" && a.value() != b.value() {
                a.set_value(&b.value());
                if let (Ok(Some(s)), Ok(Some(e))) = (b.selection_start(), b.selection_end()) {
                    let _ = a.set_selection_range(s, e);
                }
                fire(&after, "input");
            }
        } else {
            // <textarea> and <select>: both carry their state in `value`.
            let key = wasm_bindgen::JsValue::from_str("value");
            let value = |el: &Element| {
                js_sys::Reflect::get(el, &key)
                    .ok()
                    .and_then(|v| v.as_string())
            };
            if let (Some(b), Some(a)) = (value(&before), value(&after)) {
                if a != b && js_sys::Reflect::set(&after, &key, &b.into()).is_ok() {
                    let select = before.tag_name().eq_ignore_ascii_case("select");
                    fire(&after, if select { "change" } else { "input" });
                }
            }
        }
    }
}

fn fire(el: &Element, kind: &str) {
    if let Ok(ev) = web_sys::Event::new_with_event_init_dict(kind, &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    }) {
        let _ = el.dispatch_event(&ev);
    }
}

/// The child positions leading from `root` down to `el`, if `el` is inside.
fn path_to(root: &Element, el: &Element) -> Option<Vec<u32>> {
    let mut path = Vec::new();
    let mut node = el.clone();
    while !node.is_same_node(Some(root)) {
        let parent = node.parent_element()?;
        let children = parent.children();
        let index = (0..children.length()).find(|&i| {
            children
                .item(i)
                .is_some_and(|c| c.is_same_node(Some(&node)))
        })?;
        path.push(index);
        node = parent;
    }
    path.reverse();
    Some(path)
}

/// The element at `path` below `root`.
fn follow(root: &Element, path: &[u32]) -> Option<Element> {
    path.iter()
        .try_fold(root.clone(), |node, &i| node.children().item(i))
}

/// The prerendered page's route path and data, from its data element and
/// `text`, the file it names (a page with no `data-src` has no data).
fn read_page(text: Option<&str>) -> Result<Prerendered, String> {
    let block = document()
        .get_element_by_id(PAGE_DATA_ID)
        .ok_or("no page data element")?;
    let attr = |name| block.get_attribute(name).unwrap_or_default();
    let page = match (block.has_attribute("data-src"), text) {
        (false, _) => PageData::Static,
        (true, Some(text)) => PageData::decode(&attr("data-kind"), text)
            .map_err(|e| format!("{}: {e}", attr("data-src")))?,
        (true, None) => return Err(format!("{} could not be loaded", attr("data-src"))),
    };
    Ok(Prerendered {
        path: attr("data-path"),
        page,
    })
}
