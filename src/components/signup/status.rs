use leptos::prelude::*;
use standfirst_model::SignupStatus;

/// Where a form is in its life.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Phase {
    Idle,
    Sending,
    Done(SignupStatus),
    RateLimited(u32),
    Failed,
}

/// The announced status line; "Try again" resubmits what is in the form.
pub(super) fn status_view(p: Phase, phase: RwSignal<Phase>, submit: Callback<()>) -> AnyView {
    match p {
        Phase::Idle => ().into_any(),
        Phase::Sending => view! { <p>"Signing you up…"</p> }.into_any(),
        Phase::Done(SignupStatus::Pending) => view! {
            <p class="signup__done">"Check your inbox to confirm your subscription."</p>
        }.into_any(),
        Phase::Done(SignupStatus::Subscribed) => view! { <p class="signup__done">"You're signed up. Thank you."</p> }.into_any(),
        Phase::Done(SignupStatus::AlreadySubscribed) => view! { <p class="signup__done">"You're already signed up. Nothing more to do."</p> }.into_any(),
        Phase::RateLimited(secs) => view! {
            <p class="signup__problem">{format!("Too many attempts, try again in {secs} s.")}</p>
        }.into_any(),
        Phase::Failed if crate::saved::offline() => view! {
            <p class="signup__problem">"You're offline, so we couldn't sign you up. Your details are still in the form: try again when you're back online."</p>
            <button type="button" class="button" on:click=move |_| { phase.set(Phase::Idle); submit.run(()); }>"Try again"</button>
        }.into_any(),
        Phase::Failed => view! {
            <p class="signup__problem">"We couldn't sign you up just now. Your details are still in the form."</p>
            <button type="button" class="button" on:click=move |_| { phase.set(Phase::Idle); submit.run(()); }>"Try again"</button>
        }.into_any(),
    }
}
