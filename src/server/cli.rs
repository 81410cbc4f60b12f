//! The operator's command line. `karavai` alone serves.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rand::Rng;
use rand::distributions::Alphanumeric;

use super::config::Config;
use super::db::Db;
use super::startup::Application;
use super::{demo, telemetry};
use crate::accounts::types::{Email, Role, check_password_strength};
use crate::accounts::{password, repo as users};

/// Past orders of the demo bakery: two years at about ten a day.
const DEMO_ORDERS: usize = 7_500;

/// Clients for `orders` past orders: one for every dozen orders, at least 50.
fn demo_clients(orders: usize) -> usize {
    (orders / 12).max(50)
}

#[derive(Debug, Parser)]
#[command(
    name = "karavai",
    version,
    about = "karavai: a shop, a bakery and its back office in one binary"
)]
struct Cli {
    /// The configuration file (see the shipped Leptos.toml for every key).
    #[arg(
        long,
        short,
        env = "KARAVAI_CONFIG",
        default_value = "Leptos.toml",
        global = true
    )]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web application (the default command).
    Serve {
        /// On an empty database, load the demo bakery first and print its logins.
        #[arg(long)]
        demo: bool,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Load the demo bakery (users, stores, categories, products, stock) into
    /// an empty database, and past orders into a database without orders.
    SeedDemo {
        /// How many past orders to generate.
        #[arg(long, default_value_t = DEMO_ORDERS)]
        orders: usize,
        /// Over how many days before today.
        #[arg(long, default_value_t = 730)]
        days: i64,
    },
    /// Create an administrator, or reset an existing user's password and make them admin.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// The password; when omitted a strong one is generated and printed.
        #[arg(long, env = "KARAVAI_ADMIN_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

/// Parses the command line, runs the command, and maps the outcome to an exit code.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(&cli.config) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("karavai: {err}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.server.log_format);
    match execute(
        cli.command.unwrap_or(Command::Serve { demo: false }),
        config,
    )
    .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("karavai: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn connect(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database.url, config.database.max_connections).await?;
    db.migrate().await?;
    Ok(db)
}

async fn execute(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo } => {
            let db = connect(&config).await?;
            if demo {
                report_seed(demo::seed(&db).await?);
                report_history(
                    demo::seed_history(&db, demo_clients(DEMO_ORDERS), DEMO_ORDERS, 730).await?,
                );
            }
            let app = Application::build_with_db(config, db).await?;
            println!(
                "karavai is running at http://{}  (Ctrl-C stops it)",
                app.addr()
            );
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            connect(&config).await?;
            println!("migrations applied");
        }
        Command::SeedDemo { orders, days } => {
            let db = connect(&config).await?;
            report_seed(demo::seed(&db).await?);
            let started = std::time::Instant::now();
            report_history(
                demo::seed_history(&db, demo_clients(orders), orders, days.max(1)).await?,
            );
            println!("  (in {:.1} s)", started.elapsed().as_secs_f64());
            let started = std::time::Instant::now();
            let days = crate::analytics::refresh(&db, &config).await?;
            println!(
                "analytics roll-ups: {days} days (in {:.1} s)",
                started.elapsed().as_secs_f64()
            );
            db.close().await;
        }
        Command::CreateAdmin {
            email,
            name,
            password,
        } => {
            let db = connect(&config).await?;
            let generated = password.is_none();
            let password = password.unwrap_or_else(|| {
                rand::thread_rng()
                    .sample_iter(&Alphanumeric)
                    .take(20)
                    .map(char::from)
                    .collect()
            });
            create_admin(&db, &email, &name, &password).await?;
            if generated {
                println!("admin {email} ready; password: {password}");
            } else {
                println!("admin {email} ready");
            }
            db.close().await;
        }
    }
    Ok(())
}

/// Creates an admin, or resets an existing user's password and makes them admin.
pub async fn create_admin(db: &Db, email: &str, name: &str, password: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(anyhow::Error::msg)?;
    check_password_strength(password).map_err(|e| anyhow::anyhow!("password: {e}"))?;
    if name.trim().is_empty() {
        anyhow::bail!("name must not be empty");
    }
    let hash = password::hash(password.to_owned()).await?;
    if users::create_user(db, &email, name.trim(), &hash, Role::Admin, true)
        .await?
        .is_none()
    {
        users::set_password_and_role(db, &email, &hash, Role::Admin).await?;
    }
    Ok(())
}

fn report_history(orders: usize) {
    if orders > 0 {
        println!("past orders loaded: {orders}");
    }
}

fn report_seed(report: demo::SeedReport) {
    match report {
        demo::SeedReport::Skipped => {
            println!("the database already has data: demo data not loaded")
        }
        demo::SeedReport::Loaded {
            categories,
            products,
        } => {
            println!("demo bakery loaded: {categories} categories, {products} products");
        }
    }
    println!("demo logins (email / password):");
    for (email, password, role) in demo::LOGINS {
        println!("  {role:<9} {email:<28} {password}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from(["karavai", "create-admin", "--email", "a@b.co"]).unwrap();
        assert!(matches!(cli.command, Some(Command::CreateAdmin { .. })));
        assert!(Cli::try_parse_from(["karavai", "frobnicate"]).is_err());
    }
}
