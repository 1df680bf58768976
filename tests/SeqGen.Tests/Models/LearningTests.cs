using System;
using Xunit;

namespace SeqGen.Tests.Models;

/// <summary>Models that actually learn: the loss falls below a stated threshold on held-out data.</summary>
public sealed class LearningTests
{
    /// <summary>Next value of a sine wave (random phase and frequency) from the 12 before it.</summary>
    [Fact]
    public void LstmLearnsToPredictTheNextValueOfASineWave()
    {
        var model = new SineNextStep(seed: 11);
        var adam = new Adam<float>(SineNextStep.ParameterCount, learningRate: 0.01);
        var random = new Random(4);
        var input = new float[SineNextStep.InputLength];
        var target = new float[1];

        float Sample(Random r)
        {
            double phase = r.NextDouble() * 2 * Math.PI, frequency = 0.3 + 0.3 * r.NextDouble();
            for (int t = 0; t < SineNextStep.Steps; t++)
            {
                input[t] = (float)Math.Sin(phase + frequency * t);
            }
            target[0] = (float)Math.Sin(phase + frequency * SineNextStep.Steps);
            return target[0];
        }

        double Evaluate()
        {
            var r = new Random(99);
            var output = new float[1];
            double sum = 0;
            for (int i = 0; i < 200; i++)
            {
                float expected = Sample(r);
                model.Forward(input, output);
                sum += (output[0] - expected) * (output[0] - expected);
            }
            return sum / 200;
        }

        double before = Evaluate();
        for (int batch = 0; batch < 300; batch++)
        {
            model.ZeroGradients();
            for (int i = 0; i < 8; i++)
            {
                Sample(random);
                model.ComputeGradients(input, target);
            }
            GradientClipping.ClipByGlobalNorm(model.Gradients, 1f);
            adam.Step(model.Parameters, model.Gradients);
        }
        double after = Evaluate();

        Assert.True(after < 0.005, $"held-out MSE {after:F5} (before training {before:F5}) should fall below 0.005");
        Assert.True(after < before / 20, $"held-out MSE fell only from {before:F5} to {after:F5}");
    }

    /// <summary>Cross-entropy: which of two noisy channels has the larger mean over the sequence.</summary>
    [Fact]
    public void GruClassifierLearnsWhichChannelIsLarger()
    {
        var model = new WhichChannelIsLarger(seed: 3);
        var adam = new Adam<float>(WhichChannelIsLarger.ParameterCount, learningRate: 0.02);
        var random = new Random(8);
        var input = new float[WhichChannelIsLarger.InputLength];
        var label = new int[1];

        void Sample(Random r)
        {
            label[0] = r.Next(2);
            for (int t = 0; t < WhichChannelIsLarger.Steps; t++)
            {
                for (int c = 0; c < 2; c++)
                {
                    double mean = c == label[0] ? 0.3 : -0.3;
                    input[t * 2 + c] = (float)(mean + r.NextDouble() * 1.6 - 0.8);
                }
            }
        }

        for (int batch = 0; batch < 150; batch++)
        {
            model.ZeroGradients();
            for (int i = 0; i < 8; i++)
            {
                Sample(random);
                model.ComputeGradients(input, label);
            }
            adam.Step(model.Parameters, model.Gradients);
        }

        var held = new Random(123);
        var output = new float[2];
        int correct = 0;
        for (int i = 0; i < 400; i++)
        {
            Sample(held);
            model.Forward(input, output);
            correct += (output[1] > output[0] ? 1 : 0) == label[0] ? 1 : 0;
        }
        Assert.True(correct >= 360, $"held-out accuracy {correct}/400 should be at least 90%");
    }
}
