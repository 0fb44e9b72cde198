package org.medxai.commands;

/**
 * Default CAM segmentation settings: the best of docs/CAM.md's grid on the bundled model's validation polyps (chosen
 * there, then measured on the held-out polyps).
 */
final class SegmentationDefaults {

	static final String METHOD = "gradcam";
	static final String RULE = "percentile:60";
	static final double MIN_AREA_PERCENT = 1;
	static final boolean FILL_HOLES = true;
	static final boolean LARGEST_ONLY = true;

	private SegmentationDefaults() {}
}
