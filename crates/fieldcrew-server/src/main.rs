//! `fieldcrew-server serve | demo | migrate | default-config`.

use clap::{Parser, Subcommand};
use fieldcrew_server::{Settings, demo, open_state, serve_on};
use std::path::PathBuf;

#[derive(Parser)]
#[command(version, about = "fieldcrew sync server")]
struct Cli {
    /// TOML settings file; FIELDCREW_* environment variables override it.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API.
    Serve {
        /// Seed the demo station first (accounts always, orders into an empty database).
        #[arg(long)]
        demo: bool,
        /// With --demo: also this many small crews for a load run
        /// (LOAD-001…, PIN 246810, no orders; scripts/load.sh).
        #[arg(long, default_value_t = 0, requires = "demo")]
        load_crews: usize,
    },
    /// Seed the demo station and exit.
    Demo,
    /// Bring the database `database_url` names to this build's schema (as
    /// `serve` does at start), print the applied migrations, and exit.
    Migrate,
    /// Print the default settings as TOML.
    DefaultConfig,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let cli = Cli::parse();
    if let Command::DefaultConfig = cli.command {
        print!("{}", Settings::default_toml());
        return Ok(());
    }
    let settings = Settings::load(cli.config.as_deref())?;
    if let Command::Migrate = cli.command {
        std::fs::create_dir_all(&settings.data_dir)?;
        let db = fieldcrew_server::open_database(&settings.database_url, &settings.data_dir)?;
        for (version, name) in db.schema_versions()? {
            println!("V{version} {name}");
        }
        return Ok(());
    }
    let listen = settings.listen.clone();
    let state = open_state(settings)?;
    let seed_demo = matches!(cli.command, Command::Demo | Command::Serve { demo: true, .. });
    let load_crews = match cli.command {
        Command::Serve { load_crews, .. } => load_crews,
        _ => 0,
    };
    if seed_demo {
        let db = state.db.clone();
        let added = tokio::task::spawn_blocking(move || {
            let added = demo::seed(db.as_ref(), chrono::Utc::now(), true)?;
            demo::seed_load_crews(db.as_ref(), load_crews)?;
            Ok::<_, fieldcrew_server::db::DbError>(added)
        })
        .await??;
        tracing::info!(
            added,
            dispatcher = demo::DISPATCHER.0,
            password = demo::DISPATCHER.1,
            "demo station ready (crews CREW-1 PIN 1234, CREW-2 PIN 5678)"
        );
        if load_crews > 0 {
            tracing::info!(
                load_crews,
                pin = demo::LOAD_CREW_PIN,
                "load crews {} to {} ready, without orders",
                demo::load_crew_code(1),
                demo::load_crew_code(load_crews)
            );
        }
    }
    if let Command::Demo = cli.command {
        return Ok(());
    }
    // Said at start, so a wrong media_url or key shows before a photo meets it;
    // not fatal: phones' events need no media store.
    if let Err(e) = state.media.check().await {
        tracing::warn!(media = state.media.describe(), error = %e, "the media store does not answer as it should");
    }
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    let address = listener.local_addr()?;
    tracing::info!(%address, media = state.media.describe(), "fieldcrew-server listening");
    if state.settings.console.cookies_in_clear_on(address) {
        tracing::warn!(
            %address,
            "console cookies are sent over plain HTTP: [console] secure_cookie is off while listening \
             beyond loopback; serve the console over https and set secure_cookie = true \
             (FIELDCREW_CONSOLE__SECURE_COOKIE=true)"
        );
    }
    serve_on(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
