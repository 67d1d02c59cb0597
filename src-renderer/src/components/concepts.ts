/** The principles behind each hyperparameter, in plain words: what it is, and what changing it does. */
export const CONCEPTS: Record<string, { title: string; text: string }> = {
  activation: {
    title: 'Activation',
    text: 'Each neuron adds up its weighted inputs and passes the sum through an activation function. Without one, any stack of layers collapses into a single linear map. ReLU keeps positives and zeroes negatives — fast and the usual choice; tanh and sigmoid squash into a range and can slow learning when they saturate; ELU is a smooth ReLU.',
  },
  loss: {
    title: 'Loss',
    text: 'One number for how wrong the model is. Cross-entropy punishes confident wrong answers hard — it is the right loss for choosing one class. Mean squared error treats class scores like measurements; it learns classification more slowly. Label smoothing asks the model to be a little less than 100% sure, which often generalises better.',
  },
  optimizer: {
    title: 'Optimizer',
    text: 'Backpropagation tells every weight which way lowers the loss; the optimizer decides how far to step. SGD steps straight down the gradient; momentum keeps rolling in directions that keep helping; Adam and RMSprop give every weight its own step size. Adam is a forgiving default.',
  },
  learningRate: {
    title: 'Learning rate',
    text: 'The step size. Too big and the loss jumps around or explodes; too small and training crawls. A schedule lowers it as training goes on (step, exponential, cosine), and warm-up starts gently so early noisy gradients do no harm. 0.001 suits Adam; SGD often wants 0.01–0.1.',
  },
  dropout: {
    title: 'Dropout',
    text: 'During training, randomly switch off this share of neurons at every step, so the network cannot lean on any single one. It fights overfitting (train accuracy high, validation low). 0.2–0.5 is common; 0 turns it off. At prediction time every neuron is used.',
  },
  batchSize: {
    title: 'Batch size',
    text: 'How many images are averaged for each weight update. Bigger batches give smoother, faster steps per image but use more memory and can generalise slightly worse; smaller ones are noisier.',
  },
  epochs: {
    title: 'Epochs',
    text: 'One epoch is one pass over every training image. Watch the validation curve: when it stops improving while training keeps getting better, more epochs only memorise. Early stopping ends the run for you after that many epochs without improvement.',
  },
};
