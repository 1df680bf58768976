using System;

namespace SeqGen.Tests.Training;

[SequenceModel(Topology.ManyToOne, InputSize = 1, Steps = 8, OutputSize = 1)]
[Gru(8)]
public partial class TrainerRegressor { }

[SequenceModel(Topology.ManyToOne, InputSize = 2, Steps = 6, OutputSize = 2, Loss = LossKind.CrossEntropy)]
[Gru(6)]
public partial class TrainerClassifier { }

/// <summary>Seeded toy tasks for the trainer tests.</summary>
internal static class TrainerData
{
    /// <summary>
    /// Windows of 8 samples of sin(0.6 t + phase), random phase, and the next sample as target;
    /// <paramref name="sign"/> = -1 negates the targets (a task that contradicts the usual one).
    /// </summary>
    public static RegressionDataset<float> NextSine(int count, int seed, float sign = 1)
    {
        var random = new Random(seed);
        var inputs = new float[count * TrainerRegressor.InputLength];
        var targets = new float[count];
        for (int n = 0; n < count; n++)
        {
            double phase = random.NextDouble() * 2 * Math.PI;
            for (int t = 0; t < TrainerRegressor.Steps; t++)
            {
                inputs[n * TrainerRegressor.Steps + t] = (float)Math.Sin(0.6 * t + phase);
            }
            targets[n] = sign * (float)Math.Sin(0.6 * TrainerRegressor.Steps + phase);
        }
        return new RegressionDataset<float>(inputs, TrainerRegressor.InputLength, targets, 1);
    }

    /// <summary>Two noisy channels over 6 steps; the class is the channel with the larger sum.</summary>
    public static ClassificationDataset<float> LargerChannel(int count, int seed)
    {
        var random = new Random(seed);
        var inputs = new float[count * TrainerClassifier.InputLength];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            double sum0 = 0, sum1 = 0;
            for (int t = 0; t < TrainerClassifier.Steps; t++)
            {
                float a = (float)(random.NextDouble() * 2 - 1), b = (float)(random.NextDouble() * 2 - 1);
                inputs[n * TrainerClassifier.InputLength + 2 * t] = a;
                inputs[n * TrainerClassifier.InputLength + 2 * t + 1] = b;
                sum0 += a;
                sum1 += b;
            }
            labels[n] = sum1 > sum0 ? 1 : 0;
        }
        return new ClassificationDataset<float>(inputs, TrainerClassifier.InputLength, labels);
    }

    /// <summary>Mean squared error of the model's predictions on a dataset, computed with Forward (not with the trainer).</summary>
    public static double ForwardMse(ISequenceModel<float> model, RegressionDataset<float> data)
    {
        var output = new float[1];
        double sum = 0;
        for (int n = 0; n < data.Count; n++)
        {
            model.Forward(data.Input(n), output);
            double error = output[0] - data.Target(n)[0];
            sum += error * error;
        }
        return sum / data.Count;
    }

    /// <summary>Correct answers of a two-class model on a dataset, with Forward: class 1 where its logit is the larger.</summary>
    public static int Correct(ISequenceModel<float> model, ClassificationDataset<float> data)
    {
        var logits = new float[2];
        int correct = 0;
        for (int n = 0; n < data.Count; n++)
        {
            model.Forward(data.Input(n), logits);
            correct += (logits[1] > logits[0] ? 1 : 0) == data.Target(n)[0] ? 1 : 0;
        }
        return correct;
    }
}
