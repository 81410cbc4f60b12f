use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use karavai::server::config::Config;
use karavai::server::jobs::{self, Job};
use karavai::server::mail::{Mailer, OutgoingMail};
use secrecy::SecretString;

use crate::helpers::fresh_database;

/// A real SMTP server (aiosmtpd, started by this test) that files what it gets.
struct SmtpSink {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl SmtpSink {
    fn start() -> SmtpSink {
        let dir = tempfile::tempdir().unwrap();
        let python = std::env::var("KARAVAI_PYTHON").unwrap_or_else(|_| "python3".into());
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
        let mut child = Command::new(&python)
            .arg(script)
            .arg(dir.path())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run {python} (aiosmtpd; scripts/test.sh sets it up): {e}")
            });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| {
            panic!("the SMTP sink did not start (is aiosmtpd installed for {python}?)")
        });
        SmtpSink { child, port, dir }
    }

    fn messages(&self) -> Vec<String> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn mailer_for(smtp_url: &str) -> Mailer {
    let mut config = Config::default();
    config.mail.smtp_url = SecretString::from(smtp_url);
    Mailer::from_config(&config).unwrap()
}

fn welcome(to: &str) -> Job {
    Job::SendMail(OutgoingMail {
        to: to.into(),
        subject: "Your cake is ready".into(),
        body_text: "Pick it up at the Arbat store.".into(),
    })
}

#[tokio::test]
async fn queued_mail_reaches_a_real_smtp_server() {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    let mailer = mailer_for(&format!("smtp://127.0.0.1:{}", sink.port));

    let id = jobs::enqueue(&db, &welcome("anna@example.com"))
        .await
        .unwrap();
    assert_eq!(jobs::run_due(&db, &mailer).await.unwrap(), 1);

    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("X-Envelope-To: anna@example.com"));
    assert!(messages[0].contains("Subject: Your cake is ready"));
    assert!(messages[0].contains("Pick it up at the Arbat store."));
    let job = jobs::job(&db, id).await.unwrap();
    assert!(job.done_at.is_some());
    assert_eq!(job.attempts, 1);
    // Done jobs do not run again.
    assert_eq!(jobs::run_due(&db, &mailer).await.unwrap(), 0);
}

#[tokio::test]
async fn a_dead_mail_server_loses_nothing_and_the_job_retries_later() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    // Nothing listens on this port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = mailer_for(&format!("smtp://127.0.0.1:{port}"));

    let id = jobs::enqueue(&db, &welcome("boris@example.com"))
        .await
        .unwrap();
    assert_eq!(jobs::run_due(&db, &dead).await.unwrap(), 1);
    let job = jobs::job(&db, id).await.unwrap();
    assert!(job.done_at.is_none(), "not marked done");
    assert_eq!(job.attempts, 1);
    assert!(
        job.last_error.as_deref().unwrap_or("").starts_with("smtp:"),
        "{job:?}"
    );
    // It is backing off: not due again at once.
    assert_eq!(jobs::run_due(&db, &dead).await.unwrap(), 0);

    // The server comes back and the job's time comes: the message goes out.
    let sink = SmtpSink::start();
    let alive = mailer_for(&format!("smtp://127.0.0.1:{}", sink.port));
    karavai::db_write!(&db, |pool| sqlx::query("UPDATE jobs SET run_at = 0")
        .execute(pool)
        .await
        .map(|_| ()))
    .unwrap();
    assert_eq!(jobs::run_due(&db, &alive).await.unwrap(), 1);
    assert_eq!(sink.messages().len(), 1);
    let job = jobs::job(&db, id).await.unwrap();
    assert!(job.done_at.is_some());
    assert_eq!(job.attempts, 2);
}

#[tokio::test]
async fn without_a_mail_server_mail_lands_in_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    let mailer = mailer_for("");
    jobs::enqueue(&db, &welcome("vera@example.com"))
        .await
        .unwrap();
    assert_eq!(jobs::run_due(&db, &mailer).await.unwrap(), 1);
    let (to, subject): (String, String) = karavai::db_read!(&db, |pool| sqlx::query_as(
        "SELECT to_address, subject FROM outbox"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(to, "vera@example.com");
    assert_eq!(subject, "Your cake is ready");
}

#[tokio::test]
async fn the_background_worker_sends_without_being_asked() {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = fresh_database(dir.path()).await;
    jobs::spawn_worker(
        db.clone(),
        mailer_for(&format!("smtp://127.0.0.1:{}", sink.port)),
        Duration::from_millis(100),
    );
    jobs::enqueue(&db, &welcome("gleb@example.com"))
        .await
        .unwrap();
    for _ in 0..100 {
        if !sink.messages().is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the worker did not send the message within 5 s");
}
