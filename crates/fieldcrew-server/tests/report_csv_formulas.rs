//! The report CSV goes to Excel: text that came from a phone or a person
//! must never run there as a formula.

mod common;
mod console_client;
mod follow_up;

use console_client::Console;
use fieldcrew_domain::order::{AreaClass, EquipmentKind, OrderSource};
use fieldcrew_server::test_support::TestServer;
use follow_up::{china, csv_rows, order};

#[tokio::test]
async fn a_field_order_numbered_like_a_formula_is_written_as_text() {
    let server = TestServer::start().await;
    let number = r#"=HYPERLINK("http://x","FD-1")"#;
    let mut field = order(
        &server,
        "FD-0",
        AreaClass::Urban,
        EquipmentKind::Line,
        china(2026, 3, 2, 9, 0),
        &server.crew_code,
    );
    // A field order arrives with the number the phone gave it.
    field.id = fieldcrew_domain::OrderId::new();
    field.number = number.into();
    field.source = OrderSource::Field;
    assert!(server.db().create_order(&field).unwrap());

    let console = Console::signed_in(&server).await;
    let bytes = console.get("/console/reports.csv?month=2026-03").await.bytes().await.unwrap();
    let rows = csv_rows(&bytes);
    let firsts: Vec<&str> = rows.iter().filter_map(|r| r.get(0)).collect();
    assert!(firsts.contains(&format!("'{number}").as_str()), "{firsts:?}");
    assert!(firsts.contains(&"FD-0"), "an ordinary number stays as it is");
    assert!(
        rows.iter().flat_map(|r| r.iter()).all(|cell| !cell.starts_with('=')),
        "no cell starts a formula"
    );
}
