//! A local SMTP sink on loopback: enough SMTP for lettre (EHLO, MAIL,
//! RCPT, DATA, RSET, NOOP, QUIT), every message kept in memory. It can be
//! stopped (the port closes, open sessions drop) and started again on the
//! same port, and it can hold its answer to each message's data (the
//! sender is then mid-send) until released.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpSocket;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// One message as received: the envelope recipient and the data.
#[derive(Debug, Clone)]
pub struct Received {
    pub rcpt: String,
    pub data: String,
}

pub struct Sink {
    pub addr: SocketAddr,
    pub mail: Arc<Mutex<Vec<Received>>>,
    gate: Arc<Gate>,
    tasks: Option<JoinSet<()>>,
}

/// Whether answers to data are held, and how many messages wait for one.
struct Gate {
    hold: watch::Sender<bool>,
    waiting: watch::Sender<usize>,
}

impl Gate {
    /// Called with a message's data in: waits while answers are held.
    async fn pass(&self) {
        let mut hold = self.hold.subscribe();
        if !*hold.borrow() {
            return;
        }
        self.waiting.send_modify(|n| *n += 1);
        let _ = hold.wait_for(|held| !held).await;
        self.waiting.send_modify(|n| *n -= 1);
    }
}

impl Sink {
    pub async fn start() -> Sink {
        let mut s = Sink {
            addr: "127.0.0.1:0".parse().unwrap(),
            mail: Arc::default(),
            gate: Arc::new(Gate {
                hold: watch::channel(false).0,
                waiting: watch::channel(0).0,
            }),
            tasks: None,
        };
        s.resume().await;
        s
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Closes the port and every open session.
    pub async fn stop(&mut self) {
        if let Some(mut t) = self.tasks.take() {
            t.shutdown().await;
        }
    }

    /// Listens again on the same port.
    pub async fn resume(&mut self) {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_reuseaddr(true).unwrap();
        socket.bind(self.addr).unwrap();
        self.addr = socket.local_addr().unwrap();
        let listener = socket.listen(128).unwrap();
        let mail = self.mail.clone();
        let gate = self.gate.clone();
        let mut tasks = JoinSet::new();
        tasks.spawn(async move {
            let mut sessions = JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                sessions.spawn(session(stream, mail.clone(), gate.clone()));
            }
        });
        self.tasks = Some(tasks);
    }

    pub fn received(&self) -> Vec<Received> {
        self.mail.lock().unwrap().clone()
    }

    /// From now on, each message's data is taken in but not answered
    /// until [`Sink::release`]: its sender is stuck mid-send.
    pub fn hold(&self) {
        self.gate.hold.send_replace(true);
    }

    /// Answers the held messages, and every later one at once.
    pub fn release(&self) {
        self.gate.hold.send_replace(false);
    }

    /// Waits (at most 20 s) until `n` messages wait for their answer.
    pub async fn until_held(&self, n: usize) {
        let mut waiting = self.gate.waiting.subscribe();
        tokio::time::timeout(Duration::from_secs(20), waiting.wait_for(|w| *w >= n))
            .await
            .expect("a held message")
            .unwrap();
    }
}

async fn session(stream: tokio::net::TcpStream, mail: Arc<Mutex<Vec<Received>>>, gate: Arc<Gate>) {
    let _ = stream.set_nodelay(true);
    let (r, mut w) = stream.into_split();
    let mut lines = BufReader::new(r).lines();
    let _ = w.write_all(b"220 sink ESMTP\r\n").await;
    let mut rcpt = String::new();
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250-sink\r\n250 8BITMIME\r\n",
            "MAIL" => b"250 ok\r\n",
            "RCPT" => {
                rcpt = line
                    .split_once('<')
                    .and_then(|(_, r)| r.split_once('>'))
                    .map_or(String::new(), |(a, _)| a.to_string());
                b"250 ok\r\n"
            }
            "DATA" => {
                let _ = w.write_all(b"354 go on\r\n").await;
                let mut data = String::new();
                while let Ok(Some(l)) = lines.next_line().await {
                    if l == "." {
                        break;
                    }
                    data.push_str(l.strip_prefix('.').unwrap_or(&l));
                    data.push('\n');
                }
                mail.lock().unwrap().push(Received {
                    rcpt: rcpt.clone(),
                    data,
                });
                gate.pass().await;
                b"250 queued\r\n"
            }
            "QUIT" => {
                let _ = w.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => b"250 ok\r\n",
        };
        if w.write_all(reply).await.is_err() {
            return;
        }
    }
}
