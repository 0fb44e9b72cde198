package org.medxai.commands;

/**
 * Default CAM segmentation settings: the best of docs/CAM.md's grid on the bundled model's validation polyps (chosen
 * there, then measured on the held-out polyps): the map above 0.1 % of its peak, no clean-up.
 */
final class SegmentationDefaults {

	static final String METHOD = "gradcam";
	static final String RULE = "threshold:0.001";
	static final double MIN_AREA_PERCENT = 0;
	static final boolean FILL_HOLES = false;
	static final boolean LARGEST_ONLY = false;

	private SegmentationDefaults() {}
}
