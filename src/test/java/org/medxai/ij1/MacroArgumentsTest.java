package org.medxai.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.Macro;

import org.junit.jupiter.api.Test;

/** A macro key's value is the value of exactly that key, not of a longer key that ends with it. */
class MacroArgumentsTest {

	@Test
	void aKeyIsNotReadInsideALongerOne() {
		final String args = "training=[/a b] split_seed=2026 seed=43 temporal_lr=0.1 flag";
		// ImageJ's own reading takes the split seed for the seed: why the macros do not use it
		assertEquals("2026", Macro.getValue(args, "seed", "42"));
		assertEquals("43", MacroArguments.value(args, "seed", "42"));
		assertEquals("2026", MacroArguments.value(args, "split_seed", "1"));
		assertEquals("0.001", MacroArguments.value(args, "lr", "0.001"), "lr is not temporal_lr");
		assertEquals("/a b", MacroArguments.value(args, "training", ""));
		assertEquals("x", MacroArguments.value(args, "flag", "x"), "a bare flag has no value");
		assertEquals("7", MacroArguments.value("", "epochs", "7"));
		assertEquals("7", MacroArguments.value(null, "epochs", "7"));
	}
}
