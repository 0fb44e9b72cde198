package org.medxai.classify;

import java.util.List;

/** A classified image: the winning class and one probability per class (card order). */
public record Prediction(int classIndex, String label, double[] probabilities, List<String> classes) {

	public double probability(final int classIndex) {
		return probabilities[classIndex];
	}
}
