package org.medxai.videomodel;

import java.util.List;

import org.medxai.MedXaiException;
import org.medxai.image.PixelPlanes;

/**
 * One labelled video as training reads it: its frames (already sampled, in time order), its class index and its group
 * (a patient: a group's videos are never on both sides of a split).
 */
public record VideoExample(String name, int label, String group, List<PixelPlanes> frames) {

	public VideoExample {
		if (frames.isEmpty()) throw new MedXaiException("The video " + name + " has no frames.");
	}
}
