//! A total deadline for each request body, on top of the per-chunk timeout
//! (tower-http's `RequestBodyTimeoutLayer`, which a client sending a byte
//! every few seconds never trips): the whole body must have arrived within
//! `--body-deadline` of the request head. Past it, reading the body fails
//! with [`DeadlinePassed`]; the handler answers 408 and the connection,
//! its body unread, is closed.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use hyper::body::{Frame, SizeHint};
use std::error::Error;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Sleep;

/// The error of a body that did not arrive in time.
#[derive(Debug)]
pub struct DeadlinePassed;

impl std::fmt::Display for DeadlinePassed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body did not arrive in time")
    }
}

impl Error for DeadlinePassed {}

/// A body that fails once its deadline has passed.
struct Deadline {
    inner: Body,
    deadline: Pin<Box<Sleep>>,
}

impl hyper::body::Body for Deadline {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        if this.inner.is_end_stream() {
            return Poll::Ready(None);
        }
        if this.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new(DeadlinePassed))));
        }
        Pin::new(&mut this.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Middleware: gives each request's body its deadline, from now.
pub async fn apply(State(limit): State<Duration>, req: Request) -> Request {
    req.map(|inner| {
        Body::new(Deadline {
            inner,
            deadline: Box::pin(tokio::time::sleep(limit)),
        })
    })
}

/// Whether reading a body failed for want of time: its deadline, or the
/// per-chunk timeout.
pub fn timed_out(e: &(dyn Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(e) = cause {
        if e.is::<DeadlinePassed>() || e.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test(start_paused = true)]
    async fn a_body_slower_than_its_deadline_fails_and_a_quick_one_passes() {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(1);
        let frames = futures_util::stream::poll_fn(move |cx| {
            rx.poll_recv(cx)
                .map(|b| b.map(|b| Ok::<_, std::io::Error>(Frame::data(b))))
        });
        let slow = Body::new(http_body_util::StreamBody::new(frames));
        let req = apply(State(Duration::from_secs(10)), Request::new(slow)).await;
        tokio::spawn(async move {
            // One byte a second (the paused clock moves on by itself).
            while tx.send(Bytes::from_static(b"x")).await.is_ok() {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
        let err = req.into_body().collect().await.unwrap_err();
        assert!(timed_out(&err), "{err}");

        let quick = Request::new(Body::from("body"));
        let quick = apply(State(Duration::from_secs(10)), quick).await;
        let bytes = quick.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&bytes[..], b"body");
    }
}
