//! A device id stays with the phone that paired it: pairing the id again
//! needs one of its unrevoked tokens, or a dispatcher's revoke. Otherwise
//! anyone with a crew PIN could pair under a live phone's id and fill its
//! push slots first.

mod common;

use common::{Device, dispatcher_token, item, pair, pair_as};
use fieldcrew_domain::DeviceId;
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_protocol::push::Outcome;
use fieldcrew_server::pairing_lineage::PairingVia;
use fieldcrew_server::test_support::TestServer;
use reqwest::Client;

async fn revoke(server: &TestServer, device: DeviceId) {
    let url = format!("{}/v1/devices/{device}/revoke", server.base_url);
    let response = Client::new().post(url).bearer_auth(dispatcher_token(server).await).send().await.unwrap();
    assert_eq!(response.status(), 204);
}

fn vias(server: &TestServer, device: DeviceId) -> Vec<PairingVia> {
    server.db().device_pairings(device).unwrap().into_iter().map(|p| p.via).collect()
}

fn refused(result: Result<Device, (u16, fieldcrew_protocol::error::ErrorBody)>) -> bool {
    matches!(result, Err((409, body)) if body.error == "conflict" && body.message.contains("revoke it first"))
}

#[tokio::test]
async fn an_impostor_pairing_under_a_live_device_id_is_refused_and_the_phone_keeps_working() {
    let server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let (crew, pin) = (&server.crew_code, &server.pin);
    assert!(refused(pair_as(&server, crew, pin, phone.id, None).await), "no token shown");
    assert!(refused(pair_as(&server, crew, pin, phone.id, Some("a guess")).await), "a wrong token");
    let elsewhere = pair(&server, crew, pin).await;
    assert!(
        refused(pair_as(&server, crew, pin, phone.id, Some(&elsewhere.token)).await),
        "another phone's token"
    );
    let (other_crew, other_pin) = (&server.other_crew_code, &server.other_pin);
    assert!(refused(pair_as(&server, other_crew, other_pin, phone.id, None).await), "another crew's PIN");
    assert_eq!(phone.get("/v1/changes").await.status(), 200);
    assert_eq!(vias(&server, phone.id), vec![PairingVia::First]);
}

#[tokio::test]
async fn a_wrong_pin_is_refused_as_before_without_telling_whether_the_id_is_paired() {
    let server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let result = pair_as(&server, &server.crew_code, "0000", phone.id, None).await;
    assert!(matches!(result, Err((401, _))));
}

#[tokio::test]
async fn after_a_dispatcher_revokes_the_device_a_fresh_pairing_is_accepted() {
    let server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    revoke(&server, phone.id).await;
    let again = pair_as(&server, &server.crew_code, &server.pin, phone.id, Some(&phone.token)).await;
    let again = again.expect("a revoked id pairs afresh, even showing its revoked token");
    assert_eq!(again.get("/v1/changes").await.status(), 200);
    assert_eq!(phone.get("/v1/changes").await.status(), 401, "the revoked token stays dead");
    assert_eq!(vias(&server, phone.id), vec![PairingVia::First, PairingVia::NoLiveToken]);
}

#[tokio::test]
async fn the_phone_pairs_again_with_its_token_for_its_crew_or_another_and_the_chain_links_them() {
    let server = TestServer::start().await;
    let first = pair(&server, &server.crew_code, &server.pin).await;
    let same_crew =
        pair_as(&server, &server.crew_code, &server.pin, first.id, Some(&first.token)).await.unwrap();
    let other_crew =
        pair_as(&server, &server.other_crew_code, &server.other_pin, first.id, Some(&same_crew.token))
            .await
            .unwrap();
    assert_eq!(other_crew.get("/v1/changes").await.status(), 200);
    let chain = server.db().device_pairings(first.id).unwrap();
    let parents: Vec<_> = chain.iter().map(|p| p.parent_token_hash.clone()).collect();
    assert_eq!(
        parents,
        vec![None, Some(sha256_hex(first.token.as_bytes())), Some(sha256_hex(same_crew.token.as_bytes()))]
    );
    assert_eq!(chain[2].crew_code, server.other_crew_code);
    // A pairing whose answer was lost: the phone still holds the older token.
    let retried =
        pair_as(&server, &server.other_crew_code, &server.other_pin, first.id, Some(&first.token)).await;
    assert!(retried.is_ok(), "an older unrevoked token of the id still proves the phone");
}

#[tokio::test]
async fn an_expired_token_still_proves_the_phone_and_an_id_with_only_expired_tokens_starts_afresh() {
    // Tokens that expire as they are handed out.
    let server = TestServer::start_with(|s| s.device_token_days = 0).await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    assert_eq!(phone.get("/v1/changes").await.status(), 401);
    pair_as(&server, &server.crew_code, &server.pin, phone.id, Some(&phone.token)).await.unwrap();
    // Apps from before the rule show no token: a lapsed id lets them in.
    pair_as(&server, &server.crew_code, &server.pin, phone.id, None).await.unwrap();
    assert_eq!(vias(&server, phone.id), vec![PairingVia::First, PairingVia::Token, PairingVia::NoLiveToken]);
}

#[tokio::test]
async fn slots_an_impostor_filled_first_are_kept_as_conflicts_and_the_phone_goes_through_exactly_once() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    // The impostor learnt the phone's id and paired under it first.
    let id = DeviceId::new();
    let impostor = pair_as(&server, &server.crew_code, &server.pin, id, None).await.unwrap();
    let forged = impostor.event(order.id, EventKind::Arrived, None);
    impostor.push(vec![item(1, &forged)]).await;
    assert!(refused(pair_as(&server, &server.crew_code, &server.pin, id, None).await));

    revoke(&server, id).await;
    let phone = pair_as(&server, &server.crew_code, &server.pin, id, None).await.unwrap();
    assert_eq!(impostor.get("/v1/changes").await.status(), 401, "the revoke cut the impostor off");
    let arrived = phone.event(order.id, EventKind::Arrived, None);
    let report = phone.event(order.id, EventKind::SiteReport { text: "表箱烧黑".into() }, Some(&arrived));
    let items = vec![item(1, &arrived), item(2, &report)];
    let first = phone.push(items.clone()).await;
    assert!(matches!(&first.results[0].outcome, Outcome::RejectedPermanently { .. }), "{first:?}");
    assert!(!matches!(&first.results[1].outcome, Outcome::RejectedPermanently { .. }), "{first:?}");
    assert_eq!(phone.push(items).await, first, "a resend gets the same answers");

    assert_eq!(
        server.order_events(order.id),
        vec![forged, report],
        "each stored once, the slot's first kept"
    );
    let conflicts = server.db().slot_conflicts(id).unwrap();
    assert_eq!(conflicts.len(), 1);
    assert!(conflicts[0].raw_json.contains(&arrived.id.to_string()), "the phone's own event is kept");
    assert_eq!(conflicts[0].token_hash, sha256_hex(phone.token.as_bytes()));
}
