package org.medxai.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import org.medxai.MedXaiException;
import org.medxai.engine.DevicePreference;
import org.medxai.engine.ModelCard;
import org.medxai.engine.TemporalTransformer;
import org.medxai.engine.VideoNetwork;
import org.medxai.ij1.ImageFiles;
import org.medxai.training.TrainingLoop;
import org.medxai.video.FrameSampling;
import org.medxai.videomodel.VideoEnsembles;
import org.medxai.videomodel.VideoEvaluation;
import org.medxai.videomodel.VideoExample;
import org.medxai.videomodel.VideoSet;
import org.medxai.videomodel.VideoTrainer;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins>MedXAI>Video>Train MedXAI Video Classifier: a CNN-Transformer trained on labelled videos (one folder per
 * class, or a folder and a CSV file,label[,group]) with the decoupled CPU recipe: the frame backbone first, then the
 * temporal transformer on cached frame embeddings. Splits keep each group (patient) on one side. Live curves;
 * cancelling keeps the best checkpoint; a held-out report at the end.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>MedXAI>Video>Train MedXAI Video Classifier")
public class TrainVideoClassifierCommand extends MedXaiCommand {

	@Parameter(label = "Videos", style = FileWidget.DIRECTORY_STYLE,
		description = "One sub-folder per class (videos, TIFF stacks or folders of frames), or videos with a label CSV.")
	private File video_folder;

	@Parameter(label = "Label CSV (optional)", style = FileWidget.OPEN_STYLE, required = false, persist = false,
		description = "Columns file,label and optionally group (e.g. the patient): a group is never split.")
	private File labels_csv;

	@Parameter(label = "Validation fraction", min = "0.05", max = "0.5",
		description = "Part of the videos (whole groups) used to choose the best epoch.")
	private double validation_fraction = 0.2;

	@Parameter(label = "Held-out fraction", min = "0", max = "0.5",
		description = "Part of the videos (whole groups) never trained on, evaluated at the end (0: none).")
	private double holdout_fraction = 0;

	@Parameter(label = "Split seed")
	private long split_seed = 2026;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Model, card, curves and history are written here (the frame stage in frame-stage/).")
	private File output_folder;

	@Parameter(label = "Model name")
	private String model_name = "video-classifier";

	@Parameter(label = "Frame sampling", choices = { "all", "every", "per_second" },
		description = "Which frames of a video are candidates: all, every N-th, or N per second.")
	private String frame_sampling = "all";

	@Parameter(label = "Sampling N", min = "0.001", description = "N for every N-th frame or N per second.")
	private double sampling_value = 1;

	@Parameter(label = "Frames per clip", min = "1", max = "256",
		description = "Frames the model sees per video, evenly spaced over the candidates.")
	private int clip_frames = 16;

	@Parameter(label = "Frame size", min = "32", max = "512", description = "Frames are resized to this square size.")
	private int frame_size = 112;

	@Parameter(label = "Frame backbone", choices = { "medxai-small-cnn", "medxai-resnet-small" })
	private String backbone = "medxai-small-cnn";

	@Parameter(label = "Backbone width", min = "4", max = "128")
	private int backbone_width = 16;

	@Parameter(label = "Token width d", min = "8", max = "1024")
	private int token_width = 128;

	@Parameter(label = "Attention layers N", min = "1", max = "16")
	private int layers = 4;

	@Parameter(label = "Heads H", min = "1", max = "16")
	private int heads = 4;

	@Parameter(label = "Positions", choices = { "learned", "sinusoidal" })
	private String positions = "learned";

	@Parameter(label = "Frame-stage epochs", min = "1", max = "500")
	private int frame_epochs = 6;

	@Parameter(label = "Temporal-stage epochs", min = "1", max = "2000")
	private int temporal_epochs = 60;

	@Parameter(label = "Geometric jitter", min = "0", max = "1", stepSize = "0.1",
		description = "How far training frames are turned (up to ±10°), scaled (±15 %) and shifted (±6 %): 1 full, " +
			"0 only mirrored and re-lit (e.g. for frames of a few dozen pixels, where a shift's black border looks " +
			"like an edge).")
	private double geometric_jitter = 1;

	@Parameter(label = "Fine-tuning epochs", min = "0", max = "500",
		description = "End-to-end fine-tuning of backbone and attention together after the temporal stage " +
			"(0: none); kept only where it validates better.")
	private int fine_tune_epochs = 0;

	@Parameter(label = "Fine-tuning learning rate", min = "0.000001", max = "0.1")
	private double fine_tune_learning_rate = 0.0002;

	@Parameter(label = "Batch size", min = "2", max = "256")
	private int batch_size = 16;

	@Parameter(label = "Frame-stage learning rate", min = "0.00001", max = "0.1")
	private double learning_rate = 0.001;

	@Parameter(label = "Temporal-stage learning rate", min = "0.00001", max = "0.1")
	private double temporal_learning_rate = 0.0005;

	@Parameter(label = "Early-stopping patience", min = "1", max = "500")
	private int patience = 20;

	@Parameter(label = "Training seed")
	private long seed = 42;

	// not remembered between runs: a run that did not ask for several networks must not train several
	@Parameter(label = "Ensemble members", min = "1", max = "10", persist = false,
		description = "Networks trained with seeds seed, seed + 1000, …; more than one: each in OUTPUT/memberK and one " +
			"card in OUTPUT whose output is the mean of their logits (two lifted the B-lines figure, docs).")
	private int ensemble_members = 1;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	private String device = "auto";

	private VideoTrainer.Result result;
	private Path modelCard;
	private VideoEvaluation.Result heldOut;

	@Override
	protected void execute() {
		if (output_folder == null) throw new MedXaiException("Choose an output folder.");
		if (video_folder == null) throw new MedXaiException("Choose the folder of labelled videos.");
		final Path root = video_folder.toPath();
		if (ensemble_members > 1) TrainingLoop.refuseFinishedModel(output_folder.toPath());
		VideoSet all = labels_csv == null || labels_csv.getPath().isBlank()
			? VideoSet.fromClassFolders(root)
			: VideoSet.fromCsv(root, labels_csv.toPath());
		VideoSet heldOutSet = null;
		if (holdout_fraction > 0) {
			final VideoSet.Split split = all.split(holdout_fraction, split_seed, "held out");
			all = split.kept();
			heldOutSet = split.taken();
		}
		final VideoSet.Split split = all.split(validation_fraction, split_seed + 1, "validation");
		final VideoNetwork.Options network = new VideoNetwork.Options(backbone, backbone_width, 4,
			new TemporalTransformer.Layout(token_width, layers, heads, clip_frames, "learned".equals(positions), 0.1f));
		final VideoTrainer.Options options = new VideoTrainer.Options(model_name, frame_size, clip_frames, clip_frames,
			network, frame_epochs, temporal_epochs, batch_size, learning_rate, temporal_learning_rate, patience, 0.1,
			seed, DevicePreference.parse(device)).withFineTuning(fine_tune_epochs, fine_tune_learning_rate)
			.withGeometricJitter(geometric_jitter);
		final FrameSampling sampling = FrameSampling.of(frame_sampling, sampling_value, 0, 0);
		final CommandProgress progress = progress();
		final int members = Math.max(1, ensemble_members);
		TrainingCurves curves = null;
		try {
			final List<String> skipped = new ArrayList<>();
			final List<VideoExample> training = split.kept().read(sampling, clip_frames, frame_size,
				ImageFiles::readPlanes, skipped, progress);
			final List<VideoExample> validation = split.taken().read(sampling, clip_frames, frame_size,
				ImageFiles::readPlanes, skipped, progress);
			for (final String skip : skipped) log.warn("MedXAI: skipped " + skip);
			log.info("MedXAI: training on " + training.size() + " videos " + split.kept().counts() +
				", validating on " + validation.size() + " " + split.taken().counts());
			final Path output = output_folder.toPath();
			final List<Path> memberCards = new ArrayList<>();
			final StringBuilder status = new StringBuilder();
			boolean finished = true;
			for (int m = 0; m < members && finished; m++) {
				final Path folder = members == 1 ? output : output.resolve("member" + (m + 1));
				curves = new TrainingCurves(members == 1 ? model_name : model_name + " member " + (m + 1), log);
				result = VideoTrainer.train(training, validation, all.classes(), all.description(),
					options.withSeed(seed + 1000L * m), folder, progress, curves);
				if (result.card() == null) throw new MedXaiException(result.status());
				curves.save(folder.resolve("training-curves.png"));
				status.append(members == 1 ? "" : "Member " + (m + 1) + ": ").append(result.status()).append(' ');
				finished = result.temporalStage() != null && !result.temporalStage().cancelled();
				if (finished) memberCards.add(result.card());
			}
			if (members == 1) modelCard = result.card();
			else if (memberCards.size() == members) {
				// one card for all: its validation figures are the ensemble's own
				modelCard = VideoEnsembles.write(memberCards, output, model_name);
				final VideoEvaluation.Result together = VideoEvaluation.run(modelCard, validation, options.device(),
					progress, "validation");
				final ModelCard card = ModelCard.read(modelCard);
				final JsonObject metrics = new JsonObject();
				metrics.add("validation", new Gson().toJsonTree(together.metrics().asMap()));
				card.metrics = metrics;
				card.write(modelCard);
				status.append("Ensemble of ").append(members).append(" on the validation videos: ")
					.append(together.summary()).append(". ");
			}
			else
				status.append("Cancelled after ").append(memberCards.size()).append(" of ").append(members)
					.append(" members: no ensemble card was written (each finished member's card is in its folder). ");
			summary = status.toString().trim() +
				(skipped.isEmpty() ? "" : " Skipped " + skipped.size() + " unreadable " + "video(s).");
			if (heldOutSet != null && modelCard != null && finished) {
				final List<VideoExample> held = heldOutSet.read(sampling, clip_frames, frame_size,
					ImageFiles::readPlanes, skipped, progress);
				heldOut = VideoEvaluation.run(modelCard, held, options.device(), progress);
				summary += " Held out: " + heldOut.summary() + ".";
			}
		}
		catch (final IOException e) {
			throw new MedXaiException("Cannot write the ensemble's card: " + e.getMessage(), e);
		}
		finally {
			progress.clear();
		}
		log.info("MedXAI: " + summary);
		if (curves != null) curves.showTable("MedXAI Video Training");
	}

	/** The last (or only) member's training. */
	public VideoTrainer.Result result() {
		return result;
	}

	/** The trained model's card: the only network's, or the ensemble's; null when an ensemble was cancelled. */
	public Path modelCard() {
		return modelCard;
	}

	public VideoEvaluation.Result heldOut() {
		return heldOut;
	}
}
