//! Where a fix lies relative to the site, using the `geo` crate's haversine.

use crate::config::Thresholds;
use crate::event::Fix;
use crate::order::Coordinates;
use ::geo::{Distance, Haversine, Point};
use serde::{Deserialize, Serialize};

/// What a dispatcher should notice about a recorded position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GeoCheck {
    /// Metres from the fix to the site, when the site is known.
    pub distance_m: Option<f64>,
    pub far_from_site: bool,
    pub poor_accuracy: bool,
    pub mock_location: bool,
}

/// Great-circle distance in metres.
pub fn distance_m(a: Coordinates, b: Coordinates) -> f64 {
    Haversine.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat))
}

/// Checks a fix against the site. A fix whose accuracy circle still reaches
/// the far threshold is only "far" once the whole circle is outside it, so a
/// poor fix beside the site is flagged as poor, not as far.
pub fn check_fix(fix: &Fix, site: Option<Coordinates>, limits: &Thresholds) -> GeoCheck {
    let here = Coordinates { lat: fix.lat, lon: fix.lon };
    let distance = site.map(|s| distance_m(here, s));
    GeoCheck {
        distance_m: distance,
        far_from_site: distance.is_some_and(|d| d - fix.accuracy_m.max(0.0) > limits.far_from_site_m),
        // NaN accuracy counts as poor: an unknown radius is not a good fix.
        poor_accuracy: fix.accuracy_m.is_nan() || fix.accuracy_m > limits.poor_accuracy_m,
        mock_location: fix.mock,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: Coordinates = Coordinates { lat: 30.5928, lon: 114.3055 };

    fn fix_north_of_site(metres: f64, accuracy_m: f64) -> Fix {
        // One degree of latitude is about 111.2 km everywhere.
        Fix { lat: SITE.lat + metres / 111_195.0, lon: SITE.lon, accuracy_m, mock: false }
    }

    #[test]
    fn distance_matches_a_known_degree_of_latitude() {
        let d = distance_m(SITE, Coordinates { lat: SITE.lat + 1.0, lon: SITE.lon });
        assert!((d - 111_195.0).abs() < 100.0, "{d}");
    }

    #[test]
    fn a_good_fix_at_the_site_raises_no_flag() {
        let check = check_fix(&fix_north_of_site(15.0, 8.0), Some(SITE), &Thresholds::default());
        assert!(!check.far_from_site && !check.poor_accuracy && !check.mock_location);
        assert!((check.distance_m.unwrap() - 15.0).abs() < 0.5);
    }

    #[test]
    fn a_fix_beyond_200_m_is_far_from_site() {
        let check = check_fix(&fix_north_of_site(450.0, 10.0), Some(SITE), &Thresholds::default());
        assert!(check.far_from_site);
        assert!(!check.poor_accuracy);
    }

    #[test]
    fn an_inaccurate_fix_is_poor_not_far_while_its_circle_reaches_the_site() {
        let check = check_fix(&fix_north_of_site(250.0, 150.0), Some(SITE), &Thresholds::default());
        assert!(check.poor_accuracy);
        assert!(!check.far_from_site);
    }

    #[test]
    fn thresholds_come_from_config() {
        let strict = Thresholds { far_from_site_m: 50.0, poor_accuracy_m: 5.0, ..Thresholds::default() };
        let check = check_fix(&fix_north_of_site(100.0, 8.0), Some(SITE), &strict);
        assert!(check.far_from_site && check.poor_accuracy);
    }

    #[test]
    fn without_a_site_there_is_no_distance_and_a_nan_accuracy_is_poor() {
        let mut fix = fix_north_of_site(0.0, f64::NAN);
        fix.mock = true;
        let check = check_fix(&fix, None, &Thresholds::default());
        assert_eq!(check.distance_m, None);
        assert!(check.poor_accuracy && check.mock_location && !check.far_from_site);
    }
}
