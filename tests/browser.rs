//! Browser tests (wasm-bindgen-test in headless Chromium): components are
//! mounted into the real DOM from fixtures and inspected as a reader's
//! browser would see them.

use leptos::prelude::*;
use leptos_router::components::Router;
use standfirst::api::ApiError;
use standfirst::app::SiteContext;
use standfirst::components::{BlockView, Card, ErrorView, SignupForm, SignupTarget, SignupVariant};
use standfirst_model::{Article, BodyBlock, Site, Teaser};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

// Fixtures go through the app's own decoder (the browser's JSON.parse and
// the model's FromJson), as the API's files do.
fn site() -> Site {
    standfirst::json::decode(include_str!("fixtures/site.json")).unwrap()
}

fn article() -> Article {
    standfirst::json::decode(include_str!("fixtures/every-block.json")).unwrap()
}

/// Mounts `f` inside a router and the site context, in a fresh container.
fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + Send + 'static) -> Element {
    let doc = document();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let el: HtmlElement = host.clone().unchecked_into();
    let handle = leptos::mount::mount_to(el, move || {
        let site = Arc::new(site());
        standfirst::i18n::install(site.clone());
        let ctx = SiteContext {
            site,
            edition: RwSignal::new(None),
        };
        provide_context(ctx);
        standfirst::saved::Shelf::provide();
        view! { <Router>{f()}</Router> }
    });
    handle.forget();
    host
}

/// Yields to the event loop until `cond` holds (at most 200 turns).
async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..200 {
        if cond() {
            return;
        }
        let p = js_sys::Promise::new(&mut |resolve, _| {
            window().set_timeout_with_callback(&resolve).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
    panic!("timed out waiting for {what}");
}

fn q(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

fn count(root: &Element, sel: &str) -> u32 {
    root.query_selector_all(sel).unwrap().length()
}

fn attr(root: &Element, sel: &str, name: &str) -> Option<String> {
    q(root, sel).and_then(|e| e.get_attribute(name))
}

#[wasm_bindgen_test]
async fn every_block_type_renders_and_unknown_blocks_are_skipped() {
    let body = article().body;
    assert!(body
        .iter()
        .any(|b| matches!(b, BodyBlock::Skipped(k) if k == "hologram")));
    let root = mount(move || {
        body.into_iter()
            .map(|block| view! { <BlockView block /> })
            .collect_view()
    });
    until("site-driven blocks", || {
        q(&root, ".subscribe-promo").is_some()
    })
    .await;

    let p = q(&root, "p").unwrap();
    assert_eq!(q(&p, "strong").unwrap().text_content().unwrap(), "strong");
    assert_eq!(q(&p, "em").unwrap().text_content().unwrap(), "emphasis");
    assert_eq!(
        attr(&p, "a", "href").as_deref(),
        Some("https://example.com/report")
    );
    assert!(attr(&p, "a", "rel").unwrap().contains("noopener"));
    // The javascript: link is text, not a link.
    assert!(p.text_content().unwrap().contains("a trap"));
    assert_eq!(count(&root, "a[href^='javascript']"), 0);
    assert_eq!(count(&p, "a"), 1);

    assert_eq!(
        q(&root, "h2").unwrap().text_content().unwrap(),
        "A second-level heading"
    );
    assert_eq!(
        q(&root, "h3").unwrap().text_content().unwrap(),
        "A third-level heading"
    );
    assert_eq!(
        attr(&root, "blockquote.block-quote", "cite").as_deref(),
        Some("https://example.com/post")
    );
    assert_eq!(
        q(&root, ".block-quote cite a")
            .unwrap()
            .text_content()
            .unwrap(),
        "The Example Post"
    );
    assert!(q(&root, ".pullquote figcaption")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Mara Velt"));
    assert_eq!(count(&root, "ol.block-list > li"), 2);
    assert_eq!(count(&root, "ul.block-list > li"), 2);

    let img = q(&root, "img[alt='Cranes over the quay']").unwrap();
    assert_eq!(img.get_attribute("width").as_deref(), Some("800"));
    assert_eq!(img.get_attribute("height").as_deref(), Some("450"));
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert!(q(&root, "figure.figure figcaption")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Standfirst illustration"));

    let video = q(&root, "video").unwrap();
    assert!(video.has_attribute("controls"));
    assert!(!video.has_attribute("autoplay"));
    assert_eq!(
        attr(&video, "source", "type").as_deref(),
        Some("video/webm")
    );

    // The YouTube facade: no iframe until the reader asks for it.
    assert_eq!(count(&root, "iframe"), 0);
    let play: HtmlElement = q(&root, "button.video__facade").unwrap().unchecked_into();
    assert!(play
        .get_attribute("aria-label")
        .unwrap()
        .starts_with("Play video: An explainer film"));
    play.click();
    until("the player iframe", || q(&root, "iframe").is_some()).await;
    assert!(play.hidden(), "the facade gives way to the player");
    let frame = q(&root, "iframe").unwrap();
    assert_eq!(
        frame.get_attribute("title").as_deref(),
        Some("An explainer film")
    );
    assert!(frame
        .get_attribute("src")
        .unwrap()
        .starts_with("https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"));

    assert!(q(
        &root,
        ".signup--inline input[type='email'][autocomplete='email']"
    )
    .is_some());
    assert_eq!(
        q(&root, ".signup--inline .signup__title")
            .unwrap()
            .text_content()
            .unwrap(),
        "The Daily Briefing"
    );
    assert!(q(&root, "hr.divider").is_some());
    assert!(root.text_content().unwrap().contains("The last paragraph."));
    assert!(!root.text_content().unwrap().contains("hologram"));
}

#[wasm_bindgen_test]
async fn card_shows_kicker_headline_byline_edition_and_time() {
    let teaser: Teaser = article().related[0].clone();
    let root = mount(move || view! { <Card teaser /> });
    until("the edition name", || {
        root.text_content().unwrap().contains("Standfirst US")
    })
    .await;
    assert_eq!(
        q(&root, ".card__kicker").unwrap().text_content().unwrap(),
        "Speed Read"
    );
    assert_eq!(
        attr(&root, "h3.card__headline a", "href").as_deref(),
        Some("/world/tide-tables")
    );
    assert_eq!(
        q(&root, "h3.card__headline a")
            .unwrap()
            .text_content()
            .unwrap(),
        "Tide tables, read calmly"
    );
    assert!(q(&root, ".card__meta")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("By Ana Reyes, Standfirst US"));
    assert_eq!(
        attr(&root, "time", "datetime").as_deref(),
        Some("2026-11-18T08:00:00Z")
    );
    let shown = q(&root, "time").unwrap().text_content().unwrap();
    assert!(
        shown.contains("2026") || shown.ends_with("ago") || shown == "Yesterday",
        "time text: {shown}"
    );
}

#[wasm_bindgen_test]
async fn a_card_save_toggle_saves_to_local_storage_and_back() {
    let storage = window().local_storage().unwrap().unwrap();
    storage.remove_item("standfirst:saved").unwrap();
    let teaser: Teaser = article().related[0].clone();
    let root = mount(move || view! { <Card teaser /> });
    let selector = "button.save-toggle";
    until("the toggle enabled", || {
        q(&root, selector).is_some_and(|b| !b.has_attribute("disabled"))
    })
    .await;
    assert_eq!(
        attr(&root, selector, "aria-label").as_deref(),
        Some("Save: Tide tables, read calmly")
    );
    assert_eq!(
        attr(&root, selector, "aria-pressed").as_deref(),
        Some("false")
    );
    let button: HtmlElement = q(&root, selector).unwrap().unchecked_into();
    button.click();
    until("pressed", || {
        attr(&root, selector, "aria-pressed").as_deref() == Some("true")
    })
    .await;
    let stored = storage.get_item("standfirst:saved").unwrap().unwrap();
    assert!(
        stored.starts_with("tide-tables\t/world/tide-tables\t"),
        "{stored}"
    );
    button.click();
    until("released", || {
        attr(&root, selector, "aria-pressed").as_deref() == Some("false")
    })
    .await;
    assert_eq!(
        storage.get_item("standfirst:saved").unwrap().as_deref(),
        Some("")
    );
}

#[wasm_bindgen_test]
async fn error_view_is_announced_and_retries() {
    let retried = RwSignal::new(0);
    let root = mount(
        move || view! { <ErrorView error=ApiError::Timeout on_retry=move |_| retried.update(|n| *n += 1) /> },
    );
    let alert = q(&root, "[role='alert']").expect("an alert");
    assert!(alert.text_content().unwrap().contains("taking too long"));
    let button: HtmlElement = q(&root, "button").unwrap().unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Try again");
    button.click();
    until("the retry", || retried.get_untracked() == 1).await;
}

#[wasm_bindgen_test]
async fn signup_form_flags_a_bad_address_inline_and_keeps_it() {
    let root =
        mount(|| view! { <SignupForm variant=SignupVariant::Page target=SignupTarget::Choice /> });
    until("the list choices", || {
        count(&root, ".signup__list input[type='checkbox']") == 2
    })
    .await;
    let email: HtmlInputElement = q(&root, "input[type='email']").unwrap().unchecked_into();
    let label_for = attr(&root, ".signup__field label", "for").unwrap();
    assert_eq!(label_for, email.id());
    email.set_value("reader.example.com");
    email
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let form: HtmlElement = q(&root, "form").unwrap().unchecked_into();
    // Cancelable, as a reader's submit is (Firefox acts on a synthetic
    // submit that cannot be cancelled, leaving the test page).
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let submit = web_sys::Event::new_with_event_init_dict("submit", &init).unwrap();
    form.dispatch_event(&submit).unwrap();
    until("the email error", || {
        email.get_attribute("aria-invalid").as_deref() == Some("true")
    })
    .await;
    let described = email.get_attribute("aria-describedby").unwrap();
    let msg = q(&root, &format!("[id='{described}']"))
        .unwrap()
        .text_content()
        .unwrap();
    assert!(msg.contains("needs an @"), "message: {msg}");
    assert!(q(&root, ".signup__lists .signup__error")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("at least one"));
    assert_eq!(email.value(), "reader.example.com");
}

#[wasm_bindgen_test]
async fn the_app_takes_a_prerendered_page_over_keeping_what_was_typed() {
    use standfirst::prerendered::{PageData, Prerendered};
    // A page as the build writes it: the app's markup for /newsletters in
    // the root, with the reader's half-typed address in the form.
    let doc = document();
    let history = window().history().unwrap();
    let runner_url = window().location().href().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/newsletters"))
        .unwrap();
    let host = doc.create_element("div").unwrap();
    host.set_id("app");
    doc.body().unwrap().append_child(&host).unwrap();
    let initial = Some(Arc::new(Prerendered {
        path: "/newsletters".into(),
        page: PageData::Static,
    }));
    let first: HtmlElement = host.clone().unchecked_into();
    leptos::mount::mount_to(first, move || {
        view! { <standfirst::App site=Arc::new(site()) initial /> }
    })
    .forget();
    let typed: HtmlInputElement = q(&host, "input[type='email']")
        .unwrap_or_else(|| panic!("no form in {}", q(&host, "main").unwrap().inner_html()))
        .unchecked_into();
    typed.set_value("half@typed");
    typed.focus().unwrap();
    let before = host.text_content().unwrap();
    let html = doc.document_element().unwrap();
    html.remove_attribute("data-app").unwrap();
    standfirst::boot::take_over(
        Arc::new(site()),
        Some(Arc::new(Prerendered {
            path: "/newsletters".into(),
            page: PageData::Static,
        })),
    );
    // The swap comes a few tasks later (the takeover renders in steps).
    until("the takeover", || {
        html.get_attribute("data-app").as_deref() == Some("ready")
    })
    .await;
    let root = doc.get_element_by_id("app").unwrap();
    assert!(!root.is_same_node(Some(&host)), "the root was replaced");
    assert_eq!(
        root.text_content().unwrap(),
        before,
        "the text is unchanged"
    );
    let email: HtmlInputElement = q(&root, "input[type='email']").unwrap().unchecked_into();
    assert_eq!(email.value(), "half@typed");
    let active = doc.active_element().unwrap();
    assert!(
        active.is_same_node(Some(&email)),
        "focus stays in the field"
    );
    assert_eq!(count(&doc.document_element().unwrap(), "#app"), 1);
    // The test runner's page keeps its own address.
    root.remove();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&runner_url))
        .unwrap();
}

#[wasm_bindgen_test]
fn the_decoder_agrees_with_serde_json_and_refuses_bad_json() {
    // Unknown and malformed blocks are skipped, not fatal. The browser's
    // decoder reads blocks with the model's `FromJson` (held equal
    // to serde's buffering decoder by the model's tests); serde_json's
    // value tree, which can also go on after a bad field, is the reference.
    let body = r#"[{"type":"paragraph","content":[{"text":"Hi","em":true}]},
        {"type":"hologram","beam":3}, {"type":"heading","level":"two"}, 42,
        {"type":"divider"}]"#;
    let ours: Vec<BodyBlock> = standfirst::json::decode(body).unwrap();
    let tree: serde_json::Value = serde_json::from_str(body).unwrap();
    let reference: Vec<BodyBlock> = serde_json::from_value(tree).unwrap();
    assert_eq!(ours, reference);
    assert!(matches!(&ours[1], BodyBlock::Skipped(kind) if kind == "hologram"));
    assert!(matches!(&ours[2], BodyBlock::Skipped(kind) if kind == "heading"));
    assert_eq!(ours.len(), 5);
    let every: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/every-block.json")).unwrap();
    let every: Article = serde_json::from_value(every).unwrap();
    assert_eq!(article(), every);
    let truncated = standfirst::json::decode::<Article>(r#"{"id":"#);
    assert!(truncated.is_err(), "truncated JSON is an error");
    let wrong = standfirst::json::decode::<Site>(r#"{"name":3}"#).unwrap_err();
    assert_eq!(wrong, "expected a string at name", "where and why");
    let nested = standfirst::json::decode::<Vec<Article>>(r#"[{"slug":"a","authors":[{}]}]"#);
    assert_eq!(nested.unwrap_err(), "missing field at [0].url");
}

#[wasm_bindgen_test]
fn signup_bodies_follow_the_contract_in_both_encodings() {
    use standfirst::api::newsletter::{form_body, json_body};
    let req = standfirst_model::SignupRequest {
        email: "a+b@example.com".into(),
        lists: vec!["daily".into(), "long read é&=".into()],
        consent: true,
        source: "/world/some-story".into(),
    };
    // The browser's form encoder agrees with the model's (which the
    // no-script form and the server's tests use).
    assert_eq!(form_body(&req).unwrap(), req.to_form());
    let json = js_sys::JSON::parse(&json_body(&req).unwrap()).unwrap();
    let get = |k: &str| js_sys::Reflect::get(&json, &k.into()).unwrap();
    assert_eq!(get("email").as_string().unwrap(), "a+b@example.com");
    assert_eq!(get("consent").as_bool(), Some(true));
    assert_eq!(get("source").as_string().unwrap(), "/world/some-story");
    let lists: Vec<String> = js_sys::Array::from(&get("lists"))
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    assert_eq!(lists, ["daily", "long read é&="]);
}

/// At takeover a page's later parts render one per step, each once: showing
/// the next part does not render the ones before it again (which made each
/// step cost as much as all the steps before it).
#[wasm_bindgen_test]
async fn later_parts_render_one_per_step_and_each_once() {
    use standfirst::app::Later;
    use std::sync::atomic::{AtomicU32, Ordering};
    let later = Later::new(false);
    let runs: Arc<[AtomicU32; 3]> = Arc::new(Default::default());
    let counted = runs.clone();
    let host = mount(move || {
        provide_context(later);
        let parts = (0..3)
            .map(|i| {
                let runs = counted.clone();
                Later::part(move || {
                    runs[i].fetch_add(1, Ordering::SeqCst);
                    view! { <p class="part">{format!("part {i}")}</p> }.into_any()
                })
            })
            .collect_view();
        view! { <div class="parts">{parts}</div> }
    });
    let seen = |host: &Element| count(host, "p.part");
    assert_eq!(seen(&host), 0, "no part before its step");
    for step in 1..=3u32 {
        assert!(later.next(), "step {step} lets a part render");
        until("the next part", || seen(&host) == step).await;
    }
    assert!(!later.next(), "no part is left");
    let text = q(&host, ".parts").unwrap().text_content().unwrap();
    assert_eq!(text, "part 0part 1part 2", "in their order");
    let counts: Vec<u32> = runs.iter().map(|r| r.load(Ordering::SeqCst)).collect();
    assert_eq!(counts, [1, 1, 1], "each part rendered once");
    // A part made after the takeover renders at once.
    let late = mount(move || {
        provide_context(later);
        Later::part(|| view! { <p class="late">"late"</p> }.into_any())
    });
    until("the late part", || count(&late, "p.late") == 1).await;
    host.remove();
    late.remove();
}
