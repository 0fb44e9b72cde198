package org.medxai.cam;

import java.util.Locale;

import org.medxai.MedXaiException;

/** The class activation map methods MedXAI computes (formulas as in pytorch-grad-cam). */
public enum CamMethod {

	/** Channel weights = spatial mean of the gradients. */
	GRAD_CAM(Keys.GRADCAM, true),
	/** Channel weights from second- and third-order gradient terms (Chattopadhay et al.). */
	GRAD_CAM_PLUS_PLUS(Keys.GRADCAM_PLUS_PLUS, true),
	/** Channel weights = sum of gradient x activation / activation sum (Fu et al.). */
	XGRAD_CAM(Keys.XGRADCAM, true),
	/** Per-pixel weights: ReLU(gradient) x activation, summed over channels (Jiang et al.). */
	LAYER_CAM(Keys.LAYERCAM, true),
	/** Weights = softmax over channels of the class score of the input masked by each channel. */
	SCORE_CAM(Keys.SCORECAM, false),
	/** First principal component of the activations; no gradients, no class. */
	EIGEN_CAM(Keys.EIGENCAM, false);

	/** The keys as constants, so command annotations list exactly these choices. */
	public static final class Keys {

		public static final String GRADCAM = "gradcam";
		public static final String GRADCAM_PLUS_PLUS = "gradcam++";
		public static final String XGRADCAM = "xgradcam";
		public static final String LAYERCAM = "layercam";
		public static final String SCORECAM = "scorecam";
		public static final String EIGENCAM = "eigencam";

		private Keys() {}
	}

	private final String key;
	private final boolean gradients;

	CamMethod(final String key, final boolean gradients) {
		this.key = key;
		this.gradients = gradients;
	}

	/** The word used in dialogs, macros and file names. */
	public String key() {
		return key;
	}

	public boolean needsGradients() {
		return gradients;
	}

	public static CamMethod parse(final String text) {
		final String key = text == null
			? ""
			: text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "")
				.replace("plusplus", "++");
		for (final CamMethod m : values()) {
			if (m.key.equals(key)) return m;
		}
		throw new MedXaiException("Unknown CAM method '" + text + "': choose gradcam, gradcam++, " +
			"xgradcam, layercam, scorecam or eigencam.");
	}

	/** The keys of all methods, for dialogs. */
	public static String[] keys() {
		final CamMethod[] all = values();
		final String[] keys = new String[all.length];
		for (int i = 0; i < all.length; i++) keys[i] = all[i].key;
		return keys;
	}
}
