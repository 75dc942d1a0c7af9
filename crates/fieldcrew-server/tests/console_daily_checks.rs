//! The console's view of the crews' daily checks: today's check per crew on
//! the crews page (done at, by whom, every defect of the day with note and
//! photo link, or not done), the board naming crews not checked, and an arrival without
//! the day's check flagged on its order page.

mod common;
mod console_client;
#[path = "../../fieldcrew-sync/tests/common/mod.rs"]
mod sync_common;

use console_client::Console;
use fieldcrew_domain::daily_check::{CheckedItem, DailyCheck, ItemOutcome, new_check_id};
use fieldcrew_domain::event::{EventKind, PhotoRef};
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;

/// The HTML of the element carrying `data-testid="{id}"` up to the next test id.
fn element<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!(r#"data-testid="{id}""#)).unwrap_or_else(|| panic!("no {id} in the page"));
    let rest = &html[start + 1..];
    &html[start..start + 1 + rest.find("data-testid=").unwrap_or(rest.len())]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_crews_page_shows_todays_check_with_its_defect_and_the_board_names_the_crew_not_checked() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, client) = sync_common::paired_phone(&server, SyncConfig::default()).await;
    client.sync_once(&mut phone.store).await.unwrap();
    // Set off before the check: the arrival is flagged, the repair went on.
    phone.store.record(order.id, EventKind::Arrived, "李师傅", phone.evidence()).unwrap();
    let bytes = sync_common::photo::jpeg_like(&mut fastrand::Rng::with_seed(5), 20_000);
    let photo =
        phone.store.put_media(None, fieldcrew_core::store::MediaKind::Photo, "image/jpeg", &bytes).unwrap();
    let mut evidence = phone.evidence();
    evidence.fix = None;
    let check = DailyCheck {
        id: new_check_id(),
        crew_code: server.crew_code.clone(),
        checked_by: "李师傅".into(),
        device_id: phone.store.device_id(),
        evidence,
        items: phone
            .store
            .daily_check_items()
            .into_iter()
            .map(|item| {
                let defect = item.code == "vehicle_tyres";
                CheckedItem {
                    item,
                    outcome: if defect { ItemOutcome::Defect } else { ItemOutcome::Ok },
                    note: if defect { "左后轮胎压不足".into() } else { String::new() },
                    photos: if defect {
                        vec![PhotoRef { media: photo.id, sha256: photo.sha256.clone() }]
                    } else {
                        vec![]
                    },
                }
            })
            .collect(),
    };
    phone.store.record_daily_check(&check).unwrap();
    client.sync_once(&mut phone.store).await.unwrap();
    let console = Console::signed_in(&server).await;

    let page = console.page("/console/crews").await;
    let mine = element(&page, &format!("daily-check-{}", server.crew_code));
    assert!(mine.contains("已检查 "), "{mine}");
    assert!(
        mine.contains("李师傅") && mine.contains("车辆 · 轮胎") && mine.contains("左后轮胎压不足"),
        "{mine}"
    );
    assert!(mine.contains(&format!(r#"href="/console/media/{}""#, photo.id)), "the photo is linked: {mine}");
    let theirs = element(&page, &format!("daily-check-{}", server.other_crew_code));
    assert!(theirs.contains("今日未检查"), "{theirs}");
    let photo_served = console.get(&format!("/console/media/{}", photo.id)).await;
    assert_eq!(photo_served.bytes().await.unwrap().as_ref(), &bytes[..]);

    let board = console.page("/console/board").await;
    let unchecked = element(&board, "unchecked-crews");
    assert!(unchecked.contains(&format!(r#"data-crew="{}""#, server.other_crew_code)), "{unchecked}");
    assert!(!unchecked.contains(&format!(r#"data-crew="{}""#, server.crew_code)), "{unchecked}");

    let order_page = console.page(&format!("/console/orders/{}", order.id)).await;
    assert!(order_page.contains("今日未做出车前检查"), "the arrival's flag shows on the order");

    // Checked again later, everything 正常: the morning's tyre stays in
    // sight, with the time it was found.
    let mut again = check.clone();
    again.id = new_check_id();
    again.evidence = phone.evidence();
    again.evidence.fix = None;
    for item in &mut again.items {
        item.outcome = ItemOutcome::Ok;
        item.note.clear();
        item.photos.clear();
    }
    phone.store.record_daily_check(&again).unwrap();
    client.sync_once(&mut phone.store).await.unwrap();
    let page = console.page("/console/crews").await;
    let mine = element(&page, &format!("daily-check-{}", server.crew_code));
    assert!(
        mine.contains("车辆 · 轮胎") && mine.contains("左后轮胎压不足"),
        "a later all-正常 check hides nothing: {mine}"
    );
}
