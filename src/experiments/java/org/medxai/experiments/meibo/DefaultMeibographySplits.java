package org.medxai.experiments.meibo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.medxai.image.ImageDecoding;
import org.medxai.meibo.LidSide;
import org.medxai.meibo.MeiboGrading;
import org.medxai.meibo.MeibographyAnalyzer;
import org.medxai.meibo.MeibographySet;

/**
 * The splits scripts/train-default-meibography-model.sh makes of an MGD-1K-style folder: held out 20 % (seed 2026), the
 * rest, and the trainer's validation part of the rest (15 %, seed 2027); and the measures the grading reads, from an
 * image's truth masks or from the segmenter.
 */
public record DefaultMeibographySplits(MeibographySet all, MeibographySet heldOut, MeibographySet rest,
	MeibographySet validation)
{

	public static DefaultMeibographySplits of(final Path data) {
		final MeibographySet all = MeibographySet.read(data);
		final MeibographySet rest = all.split(0.2, 2026, false);
		return new DefaultMeibographySplits(all, heldOut(all), rest, rest.split(0.15, 2027, true));
	}

	/**
	 * The same fractions and seeds over several folders read as one set, split as the training command's
	 * {@code split=stratified} splits them (by meiboscore and lid side) when {@code stratified}, else by hash.
	 */
	public static DefaultMeibographySplits of(final List<Path> folders, final boolean stratified) {
		final MeibographySet all = MeibographySet.read(folders);
		if (!stratified) {
			final MeibographySet rest = all.split(0.2, 2026, false);
			return new DefaultMeibographySplits(all, heldOut(all), rest, rest.split(0.15, 2027, true));
		}
		final MeibographySet rest = all.splitStratified(0.2, 2026, false);
		return new DefaultMeibographySplits(all, all.splitStratified(0.2, 2026, true), rest,
			rest.splitStratified(0.15, 2027, true));
	}

	/** {@code DIR} or {@code DIR1;DIR2}, and {@code MEIBO_SPLIT=stratified} for the stratified split. */
	public static DefaultMeibographySplits fromArgument(final String folders) {
		final List<Path> paths = new ArrayList<>();
		for (final String part : folders.split(";")) if (!part.isBlank()) paths.add(Path.of(part.trim()));
		return of(paths, "stratified".equals(System.getenv("MEIBO_SPLIT")));
	}

	/** The held-out part of a set already read. */
	static MeibographySet heldOut(final MeibographySet all) {
		return all.split(0.2, 2026, true);
	}

	static MeiboGrading.Measures truthMeasures(final MeibographySet.Item item) {
		final ImageDecoding.Rgb size = ImageDecoding.read(item.eyelidMask());
		return MeiboGrading.Measures.of(MeibographySet.readMask(item.glandMask()),
			MeibographySet.readMask(item.eyelidMask()), size.width(), size.height(), LidSide.of(item.name()));
	}

	static MeiboGrading.Measures predictedMeasures(final MeibographyAnalyzer analyzer, final MeibographySet.Item item) {
		final LidSide side = LidSide.of(item.name());
		final MeibographyAnalyzer.Result p = analyzer.analyze(ImageDecoding.read(item.image()).planes(), side,
			MeiboGrading.arita());
		return MeiboGrading.Measures.of(p.glands(), p.eyelid(), p.width(), p.height(), side);
	}
}
