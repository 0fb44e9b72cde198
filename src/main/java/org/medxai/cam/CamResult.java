package org.medxai.cam;

/**
 * A class activation map at the model's input size (values 0..1, row-major), the class it explains, the model's
 * probabilities, and the map at the target layer's own resolution before scaling.
 */
public record CamResult(CamMethod method, int targetClass, double[] probabilities, int width, int height, float[] map,
	int layerWidth, int layerHeight, float[] layerMap)
{}
