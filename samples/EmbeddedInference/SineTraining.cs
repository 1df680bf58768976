using System;

namespace SeqGen.Samples.EmbeddedInference;

/// <summary>
/// How sine.safetensors was made (<c>EmbeddedInference --train sine.safetensors</c>): Adam on
/// windows of a seeded noisy sine, every step's next value as its target, from the seeded random
/// initialization (<c>new SineModel(seed)</c>), not from the embedded weights.
/// </summary>
public static class SineTraining
{
    public const int Window = 40;
    public const double Period = 30;
    public const double Noise = 0.1;

    public static void Train(string path, int epochs, Action<string> log)
    {
        var random = new Random(7);
        float[] series = new float[4000];
        for (int i = 0; i < series.Length; i++)
        {
            series[i] = Sample(i, random);
        }
        var model = new SineModel(seed: 7);
        var adam = new Adam<float>(SineModel.ParameterCount, learningRate: 0.01f);
        float[] targets = new float[SineModel.OutputLength];
        const int batch = 16;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            adam.LearningRate = epoch > 2 * epochs / 3 ? 0.0025f : 0.01f;
            double loss = 0;
            int windows = 0;
            for (int start = 0; start + Window + 1 <= series.Length; start += batch * 11)
            {
                model.ZeroGradients();
                for (int b = 0; b < batch; b++)
                {
                    int first = (start + b * 11 + epoch * 5) % (series.Length - Window - 1);
                    series.AsSpan(first + 1, Window).CopyTo(targets);
                    loss += model.ComputeGradients(series.AsSpan(first, Window), targets) / Window;
                    windows++;
                }
                Span<float> gradients = model.Gradients;
                for (int i = 0; i < gradients.Length; i++)
                {
                    gradients[i] /= batch;
                }
                GradientClipping.ClipByGlobalNorm(gradients, 1f);
                adam.Step(model.Parameters, gradients);
            }
            if (epoch % 10 == 0 || epoch == epochs)
            {
                log($"epoch {epoch}: train MSE per step {loss / windows:F5} (noise floor {Noise * Noise:F5})");
            }
        }
        model.SaveWeights(path);
    }

    /// <summary>Sample <paramref name="i"/> of the noisy sine (Box-Muller noise from <paramref name="random"/>).</summary>
    public static float Sample(int i, Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        double gaussian = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return (float)(Math.Sin(2 * Math.PI * i / Period) + Noise * gaussian);
    }
}
