package org.medxai.tabular;

import java.util.regex.Pattern;

import org.medxai.MedXaiException;

/**
 * How a table's ID names its images: a file-name pattern where {@code {id}} stands for the row's ID, {@code *} for any
 * text and {@code ?} for one character, matched case-insensitively against the file name (or an open image's title).
 * The default {@code {id}*} also finds MedXAI outputs written beside the image, such as {@code ID_cam.tif} and
 * {@code ID_mask.png}.
 */
public record ImageLinkPattern(String pattern) {

	public static final String DEFAULT = "{id}*";

	public ImageLinkPattern {
		if (pattern == null || pattern.isBlank()) pattern = DEFAULT;
		if (!pattern.contains("{id}"))
			throw new MedXaiException("The image name pattern '" + pattern +
				"' must contain {id} where the row's ID goes, e.g. {id}.png or patient_{id}_*.tif.");
	}

	public boolean matches(final String fileName, final String id) {
		return regex(id).matcher(fileName).matches();
	}

	private Pattern regex(final String id) {
		final StringBuilder sb = new StringBuilder();
		final String[] parts = pattern.split("\\{id\\}", -1);
		for (int i = 0; i < parts.length; i++) {
			if (i > 0) sb.append(Pattern.quote(id));
			for (final char ch : parts[i].toCharArray()) {
				if (ch == '*') sb.append(".*");
				else if (ch == '?') sb.append('.');
				else sb.append(Pattern.quote(String.valueOf(ch)));
			}
		}
		return Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE);
	}
}
