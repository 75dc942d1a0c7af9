//! A process's memory and CPU time from `/proc`, so the report can show
//! who used the cores: the server or the phones simulating load on it.

/// Resident memory, KiB (0 when the process is gone or not on Linux).
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// User + system CPU seconds a process has used so far (`None` when its
/// `/proc/<pid>/stat` can not be read). `pid` 0 is this process.
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let path = if pid == 0 { "/proc/self/stat".to_string() } else { format!("/proc/{pid}/stat") };
    let text = std::fs::read_to_string(path).ok()?;
    parse_cpu_ticks(&text).map(|ticks| ticks as f64 / CLOCK_TICKS_PER_SECOND)
}

/// Linux's USER_HZ: `/proc/<pid>/stat` counts in these on every
/// architecture (the kernel converts), whatever the kernel's own HZ.
const CLOCK_TICKS_PER_SECOND: f64 = 100.0;

/// utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line. The
/// command name (field 2) is in parentheses and may hold spaces, so the
/// fields are counted from its closing parenthesis.
fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // After the name: field 3 (state) is index 0, so utime (14) is 11.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_and_system_ticks_are_read_after_a_command_name_with_spaces() {
        let line = "4242 (fieldcrew server) S 1 4242 4242 0 -1 4194560 100 0 0 0 731 129 0 0 20 0 9 0";
        assert_eq!(parse_cpu_ticks(line), Some(860));
        assert_eq!(parse_cpu_ticks("garbage"), None);
    }

    #[test]
    fn this_process_has_used_some_cpu_and_memory() {
        let spin: u64 = (0..2_000_000u64).fold(0, |a, b| a.wrapping_add(b * b));
        assert!(spin > 0);
        assert!(cpu_seconds(0).is_some());
        assert!(rss_kib(std::process::id()) > 0);
    }
}
