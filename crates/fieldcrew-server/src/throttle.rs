//! Budgets against guessing a crew PIN or a dispatcher password, bounded in
//! memory whatever strangers send.
//!
//! A key is 128 bits of the sha256 of normalised, length-checked parts, so
//! an entry costs the same for a 6-character crew code as for anything
//! else. Only failures count: an attempt takes one unit up front (so
//! parallel guesses cannot overrun the budget while a hash is verified)
//! and a success gives it back. Entries whose budget has refilled are
//! dropped every `PRUNE_EVERY` new keys, and a table never holds more than
//! its cap.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A budget's key: 16 bytes of a hash, never the raw input.
pub type Key = u128;

/// New keys between two sweeps of refilled entries.
const PRUNE_EVERY: usize = 256;

/// The key for these parts (each length-prefixed, so `("ab", "c")` and
/// `("a", "bc")` differ).
pub fn key(parts: &[&[u8]]) -> Key {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let digest = hasher.finalize();
    u128::from_le_bytes(digest[..16].try_into().expect("sha256 has 32 bytes"))
}

/// The client a budget is kept for: an IPv4 address, or an IPv6 address's
/// /64 (one subscriber's prefix; the low bits are free to change).
pub fn client(ip: IpAddr) -> [u8; 16] {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_ipv6_mapped().octets(),
        IpAddr::V6(v6) => {
            let mut octets = v6.octets();
            octets[8..].fill(0);
            octets
        }
    }
}

/// Longest crew code or username looked at; longer is a 400 before any
/// budget or lookup.
pub const MAX_ACCOUNT_CHARS: usize = 64;
/// Longest PIN or password hashed.
pub const MAX_SECRET_CHARS: usize = 256;

/// An account name as budgets key it: trimmed, lower case (crew codes are
/// typed on phone keyboards), length-checked first.
pub fn account_name(field: &str, value: &str) -> Result<String, crate::error::ApiError> {
    let trimmed = value.trim();
    if trimmed.is_empty()
        || trimmed.len() > 4 * MAX_ACCOUNT_CHARS
        || trimmed.chars().count() > MAX_ACCOUNT_CHARS
    {
        return Err(crate::error::ApiError::BadRequest(format!(
            "{field} must be 1–{MAX_ACCOUNT_CHARS} characters"
        )));
    }
    Ok(trimmed.to_lowercase())
}

/// Refuses a PIN or password too long to be anyone's.
pub fn secret_length(field: &str, value: &str) -> Result<(), crate::error::ApiError> {
    if value.len() > 4 * MAX_SECRET_CHARS || value.chars().count() > MAX_SECRET_CHARS {
        return Err(crate::error::ApiError::BadRequest(format!(
            "{field} must be at most {MAX_SECRET_CHARS} characters"
        )));
    }
    Ok(())
}

/// What to do with a new key when the table is full of live budgets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhenFull {
    /// Let the attempt through uncounted (another budget still holds).
    Allow,
    /// Refuse the attempt.
    Refuse,
}

/// `failures` per `window` per key (a burst of `failures`, then one more
/// every `window / failures`), in a table of at most `max_keys` keys.
pub struct FailureBudget {
    interval: Duration,
    window: Duration,
    max_keys: usize,
    when_full: WhenFull,
    table: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    /// When each key's budget is whole again (GCRA's theoretical arrival time).
    refilled_at: HashMap<Key, Instant>,
    new_since_prune: usize,
}

impl Table {
    fn prune(&mut self, now: Instant) {
        self.refilled_at.retain(|_, refilled| *refilled > now);
        self.refilled_at.shrink_to(self.refilled_at.len() * 2);
        self.new_since_prune = 0;
    }
}

impl FailureBudget {
    pub fn new(failures: u32, window: Duration, max_keys: usize, when_full: WhenFull) -> Self {
        Self {
            interval: window / failures.max(1),
            window,
            max_keys,
            when_full,
            table: Mutex::new(Table::default()),
        }
    }

    /// Takes one unit for an attempt under `key`; `false` (nothing taken)
    /// once the budget is spent.
    pub fn take(&self, key: Key, now: Instant) -> bool {
        let mut table = self.table.lock().expect("budget lock");
        if !table.refilled_at.contains_key(&key) {
            table.new_since_prune += 1;
            // Amortised: a full table is not swept on every new key.
            if table.new_since_prune >= PRUNE_EVERY {
                table.prune(now);
            }
            if table.refilled_at.len() >= self.max_keys {
                return self.when_full == WhenFull::Allow;
            }
        }
        let refilled = table.refilled_at.entry(key).or_insert(now);
        let after = (*refilled).max(now) + self.interval;
        if after.saturating_duration_since(now) > self.window {
            return false;
        }
        *refilled = after;
        true
    }

    /// Gives back the unit `take` took: the attempt succeeded.
    pub fn give_back(&self, key: Key, now: Instant) {
        let mut table = self.table.lock().expect("budget lock");
        if let Some(refilled) = table.refilled_at.get_mut(&key) {
            *refilled = refilled.checked_sub(self.interval).unwrap_or(now);
            if *refilled <= now {
                table.refilled_at.remove(&key);
            }
        }
    }

    /// Keys held now (refilled ones included until the next sweep).
    pub fn len(&self) -> usize {
        self.table.lock().expect("budget lock").refilled_at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops every key whose budget is whole again at `now`.
    pub fn prune(&self, now: Instant) {
        self.table.lock().expect("budget lock").prune(now);
    }
}

/// Failed guesses allowed per client and account a minute: a 4-digit PIN
/// must not be brute-forced through pairing or sign-in.
pub const FAILURES_PER_CLIENT_ACCOUNT: u32 = 10;
/// Failed guesses allowed per account a minute from all clients together:
/// the ceiling against guessing spread over many addresses, high enough
/// that one stranger's failures leave the crew room to pair.
pub const FAILURES_PER_ACCOUNT: u32 = 60;
/// Most (client, account) budgets held; past this (after a sweep) new
/// ones go uncounted and the per-account ceiling alone holds. ~40 bytes each.
pub const MAX_CLIENT_ACCOUNT_KEYS: usize = 50_000;
/// Most per-account budgets: only accounts that exist are keyed, so this is
/// never reached by strangers; if it were, new ones are refused.
pub const MAX_ACCOUNT_KEYS: usize = 50_000;

/// The two budgets a secret check passes.
pub struct Guesses {
    pub per_client_account: FailureBudget,
    pub per_account: FailureBudget,
}

impl Default for Guesses {
    fn default() -> Self {
        let minute = Duration::from_secs(60);
        Self {
            per_client_account: FailureBudget::new(
                FAILURES_PER_CLIENT_ACCOUNT,
                minute,
                MAX_CLIENT_ACCOUNT_KEYS,
                WhenFull::Allow,
            ),
            per_account: FailureBudget::new(FAILURES_PER_ACCOUNT, minute, MAX_ACCOUNT_KEYS, WhenFull::Refuse),
        }
    }
}

/// One secret check in progress. Dropped without `succeeded`, it counts as
/// a failure.
pub struct Attempt<'a> {
    guesses: &'a Guesses,
    client_account: Key,
    account: Option<Key>,
    at: Instant,
}

impl Guesses {
    /// Starts a check of `account`'s secret (kind and normalised name) from
    /// `ip`; `None` when the client spent its budget for the account.
    pub fn begin(&self, kind: &str, account: &str, ip: IpAddr) -> Option<Attempt<'_>> {
        self.begin_at(kind, account, ip, Instant::now())
    }

    /// `begin`, at a given instant.
    pub fn begin_at(&self, kind: &str, account: &str, ip: IpAddr, at: Instant) -> Option<Attempt<'_>> {
        let client_account = key(&[kind.as_bytes(), account.as_bytes(), &client(ip)]);
        self.per_client_account.take(client_account, at).then_some(Attempt {
            guesses: self,
            client_account,
            account: None,
            at,
        })
    }
}

impl Attempt<'_> {
    /// The account exists: its ceiling counts this attempt too. `false`
    /// (and this attempt not counted at all) once the ceiling is reached.
    pub fn of_existing(&mut self, kind: &str, account: &str) -> bool {
        let account = key(&[kind.as_bytes(), account.as_bytes()]);
        if !self.guesses.per_account.take(account, self.at) {
            self.guesses.per_client_account.give_back(self.client_account, self.at);
            return false;
        }
        self.account = Some(account);
        true
    }

    /// The secret was right: nothing counts.
    pub fn succeeded(self) {
        self.guesses.per_client_account.give_back(self.client_account, self.at);
        if let Some(account) = self.account {
            self.guesses.per_account.give_back(account, self.at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(failures: u32, max_keys: usize, when_full: WhenFull) -> FailureBudget {
        FailureBudget::new(failures, Duration::from_secs(60), max_keys, when_full)
    }

    #[test]
    fn a_key_gets_its_budget_then_waits_for_it_to_refill() {
        let b = budget(3, 100, WhenFull::Allow);
        let t0 = Instant::now();
        assert_eq!([b.take(1, t0), b.take(1, t0), b.take(1, t0), b.take(1, t0)], [true, true, true, false]);
        assert!(b.take(2, t0), "another key has its own budget");
        assert!(!b.take(1, t0 + Duration::from_secs(19)));
        assert!(b.take(1, t0 + Duration::from_secs(20)), "one unit back every 20 s");
    }

    #[test]
    fn a_success_gives_its_unit_back_and_leaves_no_entry() {
        let b = budget(2, 100, WhenFull::Allow);
        let t0 = Instant::now();
        for _ in 0..10 {
            assert!(b.take(7, t0));
            b.give_back(7, t0);
        }
        assert!(b.is_empty());
        assert!(b.take(7, t0) && b.take(7, t0) && !b.take(7, t0), "failures still count");
    }

    #[test]
    fn a_flood_of_distinct_keys_stays_under_the_cap_and_is_swept_once_refilled() {
        let b = budget(10, 1_000, WhenFull::Allow);
        let t0 = Instant::now();
        for k in 0..20_000u128 {
            assert!(b.take(k, t0));
        }
        assert!(b.len() <= 1_000, "held {} keys", b.len());
        // A minute later every budget is whole: the next new keys sweep them.
        let later = t0 + Duration::from_secs(61);
        for k in 0..PRUNE_EVERY as u128 {
            b.take(1_000_000 + k, later);
        }
        assert!(b.len() <= PRUNE_EVERY, "held {} keys after the sweep", b.len());
        b.prune(later + Duration::from_secs(61));
        assert!(b.is_empty());
    }

    #[test]
    fn a_full_table_that_refuses_still_serves_the_keys_it_holds() {
        let b = budget(10, 4, WhenFull::Refuse);
        let t0 = Instant::now();
        for k in 0..4u128 {
            assert!(b.take(k, t0));
        }
        assert!(!b.take(99, t0), "no room for a new key");
        assert!(b.take(0, t0), "a held key goes on");
    }

    #[test]
    fn guessing_spread_over_many_clients_stops_at_the_accounts_ceiling() {
        let guesses = Guesses::default();
        let t0 = Instant::now();
        let ip = |n: u32| IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + n));
        let mut failures = 0;
        let mut n = 0;
        while failures < FAILURES_PER_ACCOUNT {
            for _ in 0..FAILURES_PER_CLIENT_ACCOUNT.min(FAILURES_PER_ACCOUNT - failures) {
                let mut attempt = guesses.begin_at("crew", "crew-1", ip(n), t0).expect("client budget left");
                assert!(attempt.of_existing("crew", "crew-1"));
                failures += 1; // dropped: a wrong PIN
            }
            n += 1;
        }
        let mut fresh = guesses.begin_at("crew", "crew-1", ip(n), t0).expect("a new client has its budget");
        assert!(!fresh.of_existing("crew", "crew-1"), "the account's ceiling is reached");
        let mut other = guesses.begin_at("crew", "crew-2", ip(n), t0).unwrap();
        assert!(other.of_existing("crew", "crew-2"), "another crew is untouched");
        other.succeeded();
        // A refused attempt costs the client nothing.
        for _ in 0..FAILURES_PER_CLIENT_ACCOUNT {
            let mut again = guesses.begin_at("crew", "crew-1", ip(n), t0).unwrap();
            assert!(!again.of_existing("crew", "crew-1"));
        }
        let second = t0 + Duration::from_secs(60) / FAILURES_PER_ACCOUNT;
        let mut later = guesses.begin_at("crew", "crew-1", ip(n), second).unwrap();
        assert!(later.of_existing("crew", "crew-1"), "the ceiling refills");
        later.succeeded();
    }

    #[test]
    fn keys_are_16_bytes_whatever_the_input() {
        let long = "x".repeat(1 << 20);
        assert_ne!(key(&[b"crew", long.as_bytes()]), key(&[b"crew", b"x"]));
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
        assert_eq!(std::mem::size_of::<Key>(), 16);
    }

    #[test]
    fn an_ipv6_client_is_its_64_bit_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client(a), client(b));
        assert_ne!(client(a), client(c));
        let v4: IpAddr = "10.0.0.1".parse().unwrap();
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(client(v4), client(mapped));
    }
}
