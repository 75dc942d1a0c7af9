//! Id lists as `IN (?1, …)` in a few fixed lengths. Most pages ask for one
//! order, a month's report for thousands: a list shorter than its length
//! repeats its last id, so each query has only these few statement texts
//! to prepare (and none evicts the push path's from the statement cache).

use fieldcrew_sql::Value;

/// Ids per statement.
const LIST_SIZES: [usize; 3] = [1, 8, 64];

/// `ids` cut into lists: the placeholders (`?1, ?2, …`) and their values,
/// padded with the last id. No list for no ids.
pub fn lists<T: ToString>(ids: &[T]) -> impl Iterator<Item = (&'static str, Vec<Value>)> + '_ {
    ids.chunks(LIST_SIZES[LIST_SIZES.len() - 1])
        .map(|chunk| padded(chunk.iter().map(|id| Value::Text(id.to_string())).collect()))
}

/// `lists` of values of any kind (integer keys such as `device_seq`).
pub fn value_lists(values: &[Value]) -> impl Iterator<Item = (&'static str, Vec<Value>)> + '_ {
    values.chunks(LIST_SIZES[LIST_SIZES.len() - 1]).map(|chunk| padded(chunk.to_vec()))
}

fn padded(mut values: Vec<Value>) -> (&'static str, Vec<Value>) {
    let (size, placeholders) = placeholders_for(values.len());
    values.resize(size, values[values.len() - 1].clone());
    (placeholders, values)
}

/// The smallest list length holding `n` ids, and its placeholders.
fn placeholders_for(n: usize) -> (usize, &'static str) {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        LIST_SIZES
            .iter()
            .map(|&size| (1..=size).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", "))
            .collect()
    });
    let at = LIST_SIZES.iter().position(|&size| size >= n).expect("chunks are at most the largest size");
    (LIST_SIZES[at], &texts[at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_take_the_fixed_lengths_padded_with_the_last_id() {
        let ids: Vec<u32> = (1..=70).collect();
        let cut: Vec<_> = lists(&ids).collect();
        assert_eq!(cut.len(), 2);
        assert_eq!(cut[0].1.len(), 64);
        assert!(cut[0].0.ends_with("?63, ?64"));
        assert_eq!(cut[1].0, "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8");
        assert_eq!(cut[1].1[5..], vec![Value::Text("70".into()); 3][..], "padded with the 70th id");
        assert_eq!(lists(&ids[..1]).next().unwrap().0, "?1");
        assert_eq!(lists::<u32>(&[]).count(), 0);
    }
}
