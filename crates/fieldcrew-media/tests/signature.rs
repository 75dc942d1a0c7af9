use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_domain::signature::SignedContent;
use fieldcrew_domain::{EventKind, MediaId, OrderId};
use fieldcrew_media::{
    SignatureError, SignatureRecord, SignatureStyle, Stroke, StrokePoint, render_png, sign, strokes_sha256,
    verify,
};

fn point(x: f32, y: f32, t_ms: u32) -> StrokePoint {
    StrokePoint { x, y, t_ms, pressure: None }
}

/// A horizontal bar across the middle, a diagonal, and a dot.
fn strokes() -> Vec<Stroke> {
    vec![
        Stroke { points: vec![point(0.1, 0.5, 0), point(0.5, 0.5, 40), point(0.9, 0.5, 80)] },
        Stroke { points: vec![point(0.2, 0.2, 200), point(0.4, 0.8, 260)] },
        Stroke { points: vec![point(0.95, 0.1, 400)] },
    ]
}

fn content(cause: &str) -> SignedContent<'_> {
    SignedContent {
        order_id: "0190f0f0-0000-7000-8000-000000000001".parse::<OrderId>().unwrap(),
        cause,
        customer_responsible: true,
        photo_sha256: vec!["aa", "bb"],
        meter_number: "",
        meter_reading: "",
    }
}

/// RGBA pixels of a PNG, with its size.
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    (info.width, info.height, pixels)
}

#[test]
fn same_strokes_render_to_the_same_png_bytes() {
    let style = SignatureStyle::default();
    let first = render_png(&strokes(), &style).unwrap();
    let second = render_png(&strokes(), &style).unwrap();
    assert_eq!(sha256_hex(&first), sha256_hex(&second));
    assert_eq!(first, second);
}

#[test]
fn different_strokes_render_to_different_images() {
    let mut moved = strokes();
    moved[0].points[1].y = 0.55;
    let style = SignatureStyle::default();
    assert_ne!(render_png(&strokes(), &style).unwrap(), render_png(&moved, &style).unwrap());
    assert_ne!(strokes_sha256(&strokes()), strokes_sha256(&moved));
}

#[test]
fn png_has_the_requested_size_a_transparent_background_and_dark_ink_on_the_strokes() {
    let style = SignatureStyle { width: 600, height: 300, ..SignatureStyle::default() };
    let (width, height, rgba) = decode_png(&render_png(&strokes(), &style).unwrap());
    assert_eq!((width, height), (600, 300));
    let at = |x: u32, y: u32| {
        let i = ((y * width + x) * 4) as usize;
        [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]]
    };
    for corner in [at(0, 0), at(599, 0), at(0, 299), at(599, 299), at(300, 20)] {
        assert_eq!(corner[3], 0, "background must be transparent");
    }
    // Along the horizontal bar (y = 0.5 → row 150) and at the dot.
    for x in [80, 150, 300, 450, 520] {
        let [r, g, b, a] = at(x, 150);
        assert_eq!(a, 255, "ink at ({x}, 150)");
        assert!(r < 60 && g < 60 && b < 100, "ink is dark: {r},{g},{b}");
    }
    assert_eq!(at(570, 30)[3], 255, "the tap is drawn as a dot");
    // Anti-aliased: across the diagonal (x ≈ 147 on row 100) coverage ramps up and down.
    let edge_alphas: Vec<u8> = (135..160).map(|x| at(x, 100)[3]).collect();
    assert!(edge_alphas.iter().any(|&a| a > 0 && a < 255), "{edge_alphas:?}");
}

#[test]
fn strokes_hash_is_sha256_of_their_canonical_json() {
    let strokes = vec![Stroke {
        points: vec![
            StrokePoint { x: 0.25, y: 0.5, t_ms: 0, pressure: Some(0.75) },
            StrokePoint { x: 1.0, y: 0.0, t_ms: 16, pressure: None },
        ],
    }];
    let canonical = r#"[{"points":[{"x":0.25,"y":0.5,"t_ms":0,"pressure":0.75},{"x":1.0,"y":0.0,"t_ms":16,"pressure":null}]}]"#;
    assert_eq!(strokes_sha256(&strokes), sha256_hex(canonical.as_bytes()));
}

#[test]
fn pad_pixels_are_normalised_and_clamped_to_the_pad() {
    let p = StrokePoint::from_pad(300.0, 75.0, 600.0, 300.0, 12, Some(0.4));
    assert_eq!((p.x, p.y, p.t_ms, p.pressure), (0.5, 0.25, 12, Some(0.4)));
    let off_pad = StrokePoint::from_pad(-20.0, 400.0, 600.0, 300.0, 0, None);
    assert_eq!((off_pad.x, off_pad.y), (0.0, 1.0));
}

#[test]
fn signature_covers_the_content_it_was_signed_for() {
    let signed = sign("张三", &strokes(), &content("表箱被撬"), &SignatureStyle::default()).unwrap();
    assert!(verify(&signed.record, &content("表箱被撬")));
    assert_eq!(signed.record.image_sha256, sha256_hex(&signed.png));
    assert_eq!(signed.record.strokes_sha256, strokes_sha256(&strokes()));
}

#[test]
fn changed_cause_text_makes_the_signature_no_longer_valid() {
    let signed = sign("张三", &strokes(), &content("表箱被撬"), &SignatureStyle::default()).unwrap();
    assert!(!verify(&signed.record, &content("表箱自然老化")));
}

#[test]
fn record_becomes_the_core_signature_event_and_back() {
    let signed = sign("张三", &strokes(), &content("表箱被撬"), &SignatureStyle::default()).unwrap();
    let image = MediaId::new();
    let event = signed.record.clone().into_event(image);
    let EventKind::CustomerSignature { ref signer_name, image: event_image, ref content_hash, .. } = event
    else {
        panic!("not a signature event: {event:?}");
    };
    assert_eq!((signer_name.as_str(), event_image), ("张三", image));
    assert_eq!(content_hash, &content("表箱被撬").content_hash());
    assert_eq!(SignatureRecord::from_event(&event), Some(signed.record));
    assert_eq!(SignatureRecord::from_event(&EventKind::Arrived), None);
}

#[test]
fn empty_signature_is_refused() {
    let style = SignatureStyle::default();
    assert_eq!(render_png(&[], &style), Err(SignatureError::NoInk));
    assert_eq!(render_png(&[Stroke::default()], &style), Err(SignatureError::NoInk));
}

#[test]
fn points_outside_the_pad_or_nan_are_refused() {
    let style = SignatureStyle::default();
    let outside = vec![Stroke { points: vec![point(0.5, 1.5, 0)] }];
    assert_eq!(render_png(&outside, &style), Err(SignatureError::PointOutOfRange));
    let nan = vec![Stroke { points: vec![point(f32::NAN, 0.5, 0)] }];
    assert_eq!(render_png(&nan, &style), Err(SignatureError::PointOutOfRange));
}

#[test]
fn zero_sized_image_and_missing_signer_are_refused() {
    let flat = SignatureStyle { height: 0, ..SignatureStyle::default() };
    assert_eq!(render_png(&strokes(), &flat), Err(SignatureError::BadSize { width: 600, height: 0 }));
    let unsigned = sign("  ", &strokes(), &content("表箱被撬"), &SignatureStyle::default());
    assert_eq!(unsigned, Err(SignatureError::NoSignerName));
}
