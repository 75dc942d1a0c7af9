//! Which crews the phones belong to, and the orders each crew holds.
//!
//! A real crew is two to six people; a province with a thousand phones has a
//! few hundred crews, each on its own handful of orders. The demo station's
//! two crews with a thousand phones put about 500 phones onto one crew's ten
//! orders: the worst case of one crew's pushes waiting in line, kept as
//! `--crew CREW-1:1234 --crew CREW-2:5678`. `--load-crews N` takes the crews
//! the server seeded for load (`serve --demo --load-crews N`), and
//! `--orders-per-crew K` has the dispatcher create and assign K orders to
//! each through the dispatcher API before the phones pair.

use std::time::{Duration, Instant};

pub struct Crew {
    pub code: String,
    pub pin: String,
}

/// `CODE:PIN` crews given one by one, then the server's load crews
/// `LOAD-001`… (the server's `demo::load_crew_code`).
pub fn crews(given: &[String], load_crews: usize, load_pin: &str) -> Result<Vec<Crew>, String> {
    let mut crews: Vec<Crew> = given
        .iter()
        .map(|c| c.split_once(':').map(|(code, pin)| Crew { code: code.into(), pin: pin.into() }))
        .collect::<Option<_>>()
        .ok_or("--crew is CODE:PIN")?;
    crews.extend((1..=load_crews).map(|n| Crew { code: format!("LOAD-{n:03}"), pin: load_pin.into() }));
    if crews.is_empty() {
        return Err("no crews: give --crew CODE:PIN or --load-crews N".into());
    }
    Ok(crews)
}

/// "250 crews (LOAD-001 … LOAD-250) of 4 phones" or, unevenly, "of 3–4".
pub fn layout(crews: &[Crew], phones: usize) -> String {
    let fewest = phones / crews.len();
    let most = fewest + usize::from(!phones.is_multiple_of(crews.len()));
    let size = if fewest == most { format!("{most}") } else { format!("{fewest}–{most}") };
    let names = match crews {
        [one] => one.code.clone(),
        [a, b] => format!("{}, {}", a.code, b.code),
        [first, .., last] => format!("{} … {}", first.code, last.code),
        [] => String::new(),
    };
    format!("{} crews ({names}) of {size} phones", crews.len())
}

/// Creates `per_crew` open orders for each crew through `POST /v1/orders`
/// (intake with the crew named: created and assigned, as the dispatcher's
/// API and console do), a few requests at a time. Returns how many and how
/// long it took.
pub async fn create_orders(
    server: &reqwest::Url,
    token: &str,
    crews: &[Crew],
    per_crew: usize,
) -> Result<(usize, Duration), String> {
    let started = Instant::now();
    let http = reqwest::Client::new();
    let url = server.join("/v1/orders").map_err(|e| e.to_string())?;
    let mut jobs = Vec::new();
    for (c, crew) in crews.iter().enumerate() {
        for k in 0..per_crew {
            jobs.push(serde_json::json!({
                "reporter_name": format!("用户{c}-{k}"),
                "reporter_phone": format!("139{:08}", c * 100 + k),
                "address": { "village_or_street": format!("负载村{c}组"), "house_number": format!("{k}号") },
                "fault_description": "负载测试：表箱无电 (load run: no power at the meter box)",
                "equipment": "meter",
                "area": { "class": "rural" },
                "crew_code": crew.code,
            }));
        }
    }
    let count = jobs.len();
    // Eight at a time: quick, and the server's own limits stay out of it.
    let mut pending = tokio::task::JoinSet::new();
    let mut jobs = jobs.into_iter();
    loop {
        while pending.len() < 8 {
            let Some(body) = jobs.next() else { break };
            let request = http.post(url.clone()).bearer_auth(token).json(&body);
            pending.spawn(async move {
                let response = request.send().await.map_err(|e| format!("creating an order: {e}"))?;
                let status = response.status();
                if status.is_success() {
                    Ok(())
                } else {
                    let body = response.text().await.unwrap_or_default();
                    Err(format!(
                        "creating an order: HTTP {status} {}",
                        body.chars().take(200).collect::<String>()
                    ))
                }
            });
        }
        match pending.join_next().await {
            Some(joined) => joined.map_err(|e| e.to_string())??,
            None => break,
        }
    }
    Ok((count, started.elapsed()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_crews_follow_the_given_ones_and_the_layout_says_how_many_phones_each() {
        let crews = crews(&["CREW-1:1234".into()], 3, "246810").unwrap();
        let codes: Vec<_> = crews.iter().map(|c| (c.code.as_str(), c.pin.as_str())).collect();
        assert_eq!(
            codes,
            [("CREW-1", "1234"), ("LOAD-001", "246810"), ("LOAD-002", "246810"), ("LOAD-003", "246810")]
        );
        assert_eq!(layout(&crews, 16), "4 crews (CREW-1 … LOAD-003) of 4 phones");
        assert_eq!(layout(&crews[..2], 1000), "2 crews (CREW-1, LOAD-001) of 500 phones");
        assert_eq!(layout(&crews[..3], 10), "3 crews (CREW-1 … LOAD-002) of 3–4 phones");
    }

    #[test]
    fn no_crew_or_a_crew_without_its_pin_is_refused() {
        assert!(crews(&[], 0, "246810").is_err());
        assert!(crews(&["CREW-1".into()], 5, "246810").is_err());
    }
}
