package org.medxai.meibo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Measurements on generated meibography masks: an elliptic eyelid holding straight glands of known length and width and
 * one wavy gland. Tolerances: count exact, length and width within 6 %, area ratio exact, straight tortuosity ≤ 1.05,
 * the wavy gland's tortuosity within 10 % of its arc/chord ratio.
 */
class MeibographyMeasuresTest {

	static final int W = 1280, H = 640;

	/** Eyelid ellipse centred at (640, 320), semi-axes 420 x 170. */
	static boolean[] eyelid() {
		final boolean[] m = new boolean[W * H];
		for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) {
			final double dx = (x - 640) / 420.0, dy = (y - 320) / 170.0;
			m[y * W + x] = dx * dx + dy * dy <= 1;
		}
		return m;
	}

	/** Vertical bars {@code width} wide and {@code length} long, centred at y = 320, every 50 px. */
	static boolean[] bars(final int count, final int length, final int width) {
		final boolean[] m = new boolean[W * H];
		for (int g = 0; g < count; g++) {
			final int x0 = 400 + g * 50;
			for (int y = 320 - length / 2; y < 320 - length / 2 + length; y++)
				for (int x = x0; x < x0 + width; x++) m[y * W + x] = true;
		}
		return m;
	}

	@Test
	void straightGlandsHaveTheirConstructedCountLengthWidthAndRatio() {
		final boolean[] eyelid = eyelid();
		final boolean[] glands = bars(9, 160, 14);
		final MeibographyAnalyzer.Result r = MeibographyAnalyzer.measure(W, H, eyelid, glands, LidSide.UPPER,
			MeiboGrading.arita());
		assertEquals(9, r.morphometry().size());
		for (final GlandMorphometry.Gland g : r.morphometry()) {
			assertEquals(160, g.length(), 160 * 0.06, "length of gland " + g.index());
			assertEquals(14, g.width(), 14 * 0.06, "width of gland " + g.index());
			assertTrue(g.tortuosity() <= 1.05, "straight: " + g.tortuosity());
		}
		final int eyelidArea = BinaryMasks.count(eyelid);
		assertEquals(9 * 160 * 14, r.glandArea());
		assertEquals(9 * 160 * 14 / (double) eyelidArea, r.glandAreaRatio(), 1e-12);
		final double dropout = 100 * (1 - r.glandAreaRatio() / 0.519);
		assertEquals(dropout, r.dropoutPercent(), 1e-9);
		assertEquals(dropout >= 66.7 ? 3 : dropout >= 33.3 ? 2 : dropout >= 1 ? 1 : 0, r.meiboscore());
	}

	@Test
	void aWavyGlandIsTortuous() {
		final boolean[] m = new boolean[W * H];
		double arc = 0;
		double px = 640, py = 200;
		for (int y = 200; y <= 440; y++) {
			final double cx = 640 + 25 * Math.sin((y - 200) / 240.0 * 4 * Math.PI);
			if (y > 200) arc += Math.hypot(cx - px, y - py);
			px = cx;
			py = y;
			for (int x = (int) Math.round(cx) - 5; x <= (int) Math.round(cx) + 5; x++) m[y * W + x] = true;
		}
		final List<GlandMorphometry.Gland> g = GlandMorphometry.measure(m, W, H, 50);
		assertEquals(1, g.size());
		final double expected = arc / 240;
		assertTrue(expected > 1.3, "construction is tortuous: " + expected);
		assertEquals(expected, g.get(0).tortuosity(), expected * 0.1);
	}

	@Test
	void gradingRulesFollowTheirCutoffsAndFitting() {
		final MeiboGrading arita = MeiboGrading.arita();
		assertEquals(0, arita.meiboscore(0.5));
		assertEquals(1, arita.meiboscore(20));
		assertEquals(2, arita.meiboscore(50));
		assertEquals(3, arita.meiboscore(80));
		assertEquals(0, MeiboGrading.meiboscale(0.5));
		assertEquals(1, MeiboGrading.meiboscale(25));
		assertEquals(2, MeiboGrading.meiboscale(26));
		assertEquals(4, MeiboGrading.meiboscale(76));
		// examples separable at dropout 10 / 40 / 70 with healthy ratio 0.5: the fit recovers that ordering
		final java.util.List<MeiboGrading.Example> examples = new java.util.ArrayList<>();
		for (int i = 0; i < 10; i++) {
			examples.add(new MeiboGrading.Example(0.5 + 0.002 * (i - 4.5), LidSide.LOWER, 0));
			examples.add(new MeiboGrading.Example(0.5 * (1 - 0.25 - 0.01 * i), LidSide.LOWER, 1));
			examples.add(new MeiboGrading.Example(0.5 * (1 - 0.55 - 0.01 * i), LidSide.LOWER, 2));
			examples.add(new MeiboGrading.Example(0.5 * (1 - 0.85 - 0.01 * i), LidSide.LOWER, 3));
		}
		final MeiboGrading fitted = MeiboGrading.fit(examples, "test");
		assertEquals(0.5, fitted.healthyLower(), 1e-9);
		for (final MeiboGrading.Example e : examples)
			assertEquals(e.meiboscore(), fitted.meiboscore(fitted.dropoutPercent(e.ratio(), e.side())));
		assertTrue(fitted.source().contains("40 of 40"), fitted.source());
	}

	@Test
	void masksOperationsKeepTheLargestPartAndFillHoles() {
		final boolean[] m = new boolean[10 * 10];
		for (int y = 1; y < 6; y++) for (int x = 1; x < 6; x++) m[y * 10 + x] = true;
		m[3 * 10 + 3] = false; // a hole
		m[9 * 10 + 9] = true; // a speck
		final boolean[] cleaned = BinaryMasks.fillHoles(BinaryMasks.largest(m, 10, 10), 10, 10);
		assertEquals(25, BinaryMasks.count(cleaned));
		assertEquals(24, BinaryMasks.count(BinaryMasks.removeSmall(m, 10, 10, 2)));
	}
}
