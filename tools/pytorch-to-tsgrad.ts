/**
 * The "PyTorch → tsgrad" page (docs/pytorch-to-tsgrad.md): each idiom of the tutorials as the PyTorch
 * line and the tsgrad line. The tsgrad side of every row is a program that
 * tools/pytorch-to-tsgrad.test.ts runs (results written as `// RESULT` are checked, with the
 * convention of tools/doc-examples.ts), and the page is generated from this file:
 *
 *   pnpm exec tsx --conditions=tsgrad-source tools/pytorch-to-tsgrad.ts   # rewrites docs/pytorch-to-tsgrad.md
 *
 * The same test fails when the committed page differs from what `renderPage()` gives.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as core from "../packages/core/src/index.js";
import * as losses from "../packages/losses/src/index.js";
import * as nn from "../packages/nn/src/index.js";

/** One idiom: the PyTorch code and the tsgrad code that does the same. */
export interface Row {
  /** What the idiom is, for the reader (a few words). */
  what: string;
  pytorch: string;
  tsgrad: string;
}

/** A section of the page; `setup` runs (and is shown once) before each of its rows. */
export interface Section {
  title: string;
  intro?: string;
  setup?: { pytorch: string; tsgrad: string };
  rows: Row[];
}

export const PAGE_PATH = fileURLToPath(new URL("../docs/pytorch-to-tsgrad.md", import.meta.url));

export const SECTIONS: Section[] = [
  {
    title: "Tensors: creation",
    intro:
      "Shapes are one argument (an array, or sizes as varargs); PyTorch's keywords go in a trailing options object.",
    rows: [
      {
        what: "from data",
        pytorch: "torch.tensor([[1., 2.], [3., 4.]])",
        tsgrad: 'tensor([[1, 2], [3, 4]], { dtype: "float32" })',
      },
      {
        what: "integers (int64 in PyTorch, int32 here)",
        pytorch: "torch.tensor([0, 2, 1])",
        tsgrad: 'tensor([0, 2, 1]).dtype; // "int32"',
      },
      {
        what: "zeros, ones, full",
        pytorch: "torch.zeros(2, 3)\ntorch.ones(2, 3, dtype=torch.float64)\ntorch.full((2,), 0.5)",
        tsgrad:
          'zeros(2, 3);\nones([2, 3], { dtype: "float64" });\nfull([2], 0.5); // tensor([0.5000, 0.5000])',
      },
      {
        what: "ranges",
        pytorch: "torch.arange(5)\ntorch.linspace(0, 1, 5)",
        tsgrad:
          "arange(5); // tensor([0, 1, 2, 3, 4])\nlinspace(0, 1, 5); // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])",
      },
      {
        what: "random, seeded",
        pytorch: "torch.manual_seed(0)\ntorch.randn(4, 3)\ntorch.randint(0, 10, (5,))",
        tsgrad: "manualSeed(0);\nrandn(4, 3).shape; // [4, 3]\nrandint(0, 10, [5]).shape; // [5]",
      },
      {
        what: "like another tensor",
        pytorch: "torch.zeros_like(x)",
        tsgrad: "const x = randn(2, 3);\nzerosLike(x).shape; // [2, 3]",
      },
      {
        what: "a leaf that requires grad",
        pytorch: "w = torch.randn(3, requires_grad=True)",
        tsgrad: "const w = randn([3], { requiresGrad: true });\nw.isLeaf; // true",
      },
      {
        what: "dtype conversion",
        pytorch: "x.double()\nx.to(torch.float64)\nx.to(dtype=torch.float64, copy=True)\nx.long()",
        tsgrad:
          'const x = tensor([1.5, 2.5]);\nx.double().dtype; // "float64"\nx.to("float64").dtype; // "float64"\nx.to({ dtype: "float64", copy: true }).dtype; // "float64"\nx.long(); // tensor([1, 2])',
      },
      {
        what: "values out",
        pytorch: "x.item()\nx.tolist()\nx.shape",
        tsgrad:
          "const x = tensor([[1, 2], [3, 4]]);\nx.sum().item(); // 10\nx.tolist(); // [[1, 2], [3, 4]]\nx.shape; // [2, 2]",
      },
      {
        what: "printing",
        pytorch: "print(x)",
        tsgrad:
          'const x = tensor([[1, 2], [3, 4]], { dtype: "float32" });\nconsole.log(x.toString()); // tensor([[1., 2.], [3., 4.]])',
      },
      {
        what: "print options",
        pytorch:
          'torch.set_printoptions(precision=2, sci_mode=False)\nprint(torch.tensor([1.12345, 1e-5]))\ntorch.set_printoptions(profile="default")',
        tsgrad:
          'setPrintOptions({ precision: 2, sciMode: false });\nconsole.log(tensor([1.12345, 1e-5]).toString()); // tensor([1.12, 0.00])\nsetPrintOptions({ profile: "default" });',
      },
    ],
  },
  {
    title: "Tensors: indexing and reshaping",
    intro: "No `[]` operator in TypeScript: each kind of index is a method, as `torch.Tensor` also has it.",
    setup: {
      pytorch: "x = torch.arange(12).reshape(3, 4)",
      tsgrad: "const x = arange(12).reshape(3, 4);",
    },
    rows: [
      {
        what: "a row, a column",
        pytorch: "x[1]\nx[:, 2]",
        tsgrad: "x.select(0, 1); // tensor([4, 5, 6, 7])\nx.select(1, 2); // tensor([ 2,  6, 10])",
      },
      {
        what: "a slice",
        pytorch: "x[:, 1:3]\nx[::2]",
        tsgrad: "x.slice(1, 1, 3).shape; // [3, 2]\nx.slice(0, 0, undefined, 2).shape; // [2, 4]",
      },
      { what: "an element", pytorch: "x[1, 2].item()", tsgrad: "x.select(0, 1).select(0, 2).item(); // 6" },
      {
        what: "index with a tensor",
        pytorch: "x[torch.tensor([2, 0])]",
        tsgrad: "x.indexSelect(0, tensor([2, 0])).select(1, 0); // tensor([8, 0])",
      },
      { what: "boolean mask", pytorch: "x[x > 9]", tsgrad: "x.maskedSelect(x.gt(9)); // tensor([10, 11])" },
      {
        what: "write through a mask",
        pytorch: "x[x > 9] = 0",
        tsgrad: "x.maskedFill_(x.gt(9), 0);\nx.select(0, 2); // tensor([8, 9, 0, 0])",
      },
      {
        what: "gather along a dim",
        pytorch: "x.gather(1, torch.tensor([[0], [1], [2]]))",
        tsgrad: "x.gather(1, tensor([[0], [1], [2]])); // tensor([[ 0], [ 5], [10]])",
      },
      {
        what: "view, reshape, permute",
        pytorch: "x.view(4, 3)\nx.reshape(-1)\nx.t()\nx.unsqueeze(0)",
        tsgrad:
          "x.view(4, 3).shape; // [4, 3]\nx.reshape(-1).shape; // [12]\nx.t().shape; // [4, 3]\nx.unsqueeze(0).shape; // [1, 3, 4]",
      },
      {
        what: "operators",
        pytorch: "(x + 1) * 2 @ w",
        tsgrad:
          'const w = ones([4, 1], { dtype: "int32" });\nx.add(1).mul(2).matmul(w); // tensor([[20], [52], [84]])',
      },
    ],
  },
  {
    title: "Autograd and no_grad",
    rows: [
      {
        what: "backward and .grad",
        pytorch: "x = torch.tensor([1., 2.], requires_grad=True)\n(x ** 2).sum().backward()\nx.grad",
        tsgrad:
          "const x = tensor([1, 2], { requiresGrad: true });\nx.pow(2).sum().backward();\nx.grad; // tensor([2., 4.])",
      },
      {
        what: "no_grad",
        pytorch: "with torch.no_grad():\n    y = x * 2",
        tsgrad:
          "const x = ones([2], { requiresGrad: true });\nconst y = noGrad(() => x.mul(2));\ny.requiresGrad; // false",
      },
      {
        what: "detach",
        pytorch: "x.detach()",
        tsgrad: "const x = ones([2], { requiresGrad: true });\nx.mul(2).detach().requiresGrad; // false",
      },
      {
        what: "torch.autograd.grad",
        pytorch: "(dx,) = torch.autograd.grad((x ** 3).sum(), x)",
        tsgrad:
          "const x = tensor([1, 2], { requiresGrad: true });\nconst [dx] = autograd.grad(x.pow(3).sum(), x);\ndx; // tensor([ 3., 12.])",
      },
      {
        what: "grad_fn",
        pytorch: "(x * 2).sum().grad_fn",
        tsgrad:
          'const x = ones([2], { requiresGrad: true });\nx.mul(2).sum().gradFn!.name; // "SumBackward0"',
      },
    ],
  },
  {
    title: "Modules",
    intro:
      "`module(x)` is `module.call(x)`; a submodule or parameter is registered by name in the constructor.",
    rows: [
      {
        what: "a custom module",
        pytorch:
          "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(4, 8)\n        self.fc2 = nn.Linear(8, 3)\n\n    def forward(self, x):\n        return self.fc2(F.relu(self.fc1(x)))\n\nnet = Net()\nnet(torch.randn(2, 4)).shape",
        tsgrad:
          'class Net extends Module {\n  fc1 = this.registerModule("fc1", new Linear(4, 8));\n  fc2 = this.registerModule("fc2", new Linear(8, 3));\n  override forward(x: Tensor): Tensor {\n    return this.fc2.call(this.fc1.call(x).relu());\n  }\n}\nconst net = new Net();\nnet.call(randn(2, 4)).shape; // [2, 3]',
      },
      {
        what: "Sequential",
        pytorch: "model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))",
        tsgrad:
          "const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));\nmodel.call(randn(2, 4)).shape; // [2, 3]",
      },
      {
        what: "a parameter",
        pytorch: "self.scale = nn.Parameter(torch.ones(3))",
        tsgrad:
          'class Scale extends Module {\n  scale = this.registerParameter("scale", new Parameter(ones(3)));\n  override forward(x: Tensor): Tensor {\n    return x.mul(this.scale);\n  }\n}\n[...new Scale().namedParameters()].map(([name]) => name); // ["scale"]',
      },
      {
        what: "parameters",
        pytorch: "sum(p.numel() for p in model.parameters())\n[n for n, _ in model.named_parameters()]",
        tsgrad:
          'const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));\n[...model.parameters()].reduce((n, p) => n + p.numel(), 0); // 67\n[...model.namedParameters()].map(([n]) => n); // ["0.weight", "0.bias", "2.weight", "2.bias"]',
      },
      {
        what: "train and eval modes",
        pytorch: "model.train()\nmodel.eval()",
        tsgrad:
          "const model = new Sequential(new Linear(4, 4), new Dropout(0.5));\nmodel.eval().training; // false\nmodel.train().training; // true",
      },
      {
        what: "printing",
        pytorch: "print(nn.Linear(4, 2))",
        tsgrad: 'new Linear(4, 2).toString(); // "Linear(in_features=4, out_features=2, bias=True)"',
      },
    ],
  },
  {
    title: "Losses",
    intro:
      "Each loss is a module (`new CrossEntropyLoss(...)`) and a function (`crossEntropy(...)`), from `@tsgrad/losses`.",
    setup: {
      pytorch: "logits = torch.randn(4, 3)\ntarget = torch.tensor([0, 2, 1, 0])",
      tsgrad: "const logits = randn(4, 3);\nconst target = tensor([0, 2, 1, 0]);",
    },
    rows: [
      {
        what: "cross entropy",
        pytorch: "nn.CrossEntropyLoss(label_smoothing=0.1)(logits, target)\nF.cross_entropy(logits, target)",
        tsgrad:
          "new CrossEntropyLoss({ labelSmoothing: 0.1 }).call(logits, target).shape; // []\ncrossEntropy(logits, target).shape; // []",
      },
      {
        what: "NLL on log-probabilities",
        pytorch: "F.nll_loss(F.log_softmax(logits, 1), target)",
        tsgrad:
          "const a = nllLoss(logits.logSoftmax(1), target);\na.sub(crossEntropy(logits, target)).abs().item() < 1e-6; // true",
      },
      {
        what: "regression",
        pytorch: "nn.MSELoss()(pred, y)\nnn.L1Loss(reduction='sum')(pred, y)",
        tsgrad:
          'const pred = tensor([1.5, 2]);\nconst y = tensor([1, 2], { dtype: "float32" });\nnew MSELoss().call(pred, y); // tensor(0.1250)\nnew L1Loss({ reduction: "sum" }).call(pred, y); // tensor(0.5000)',
      },
      {
        what: "binary",
        pytorch: "nn.BCEWithLogitsLoss()(logits[:, 0], target.float().clamp(max=1))",
        tsgrad: "new BCEWithLogitsLoss().call(logits.select(1, 0), target.float().clampMax(1)).shape; // []",
      },
      {
        what: "the seed's label smoothing",
        pytorch: "LabelSmoothingLoss(classes=3, smoothing=0.1)(logits, target)",
        tsgrad: "new LabelSmoothingLoss(3, 0.1).call(logits, target).shape; // []",
      },
    ],
  },
  {
    title: "Optimizers and the training loop",
    setup: {
      pytorch: "model = nn.Linear(2, 1)\nx = torch.randn(64, 2)\ny = x @ torch.tensor([[2.], [-1.]])",
      tsgrad:
        'const model = new Linear(2, 1);\nconst x = randn(64, 2);\nconst y = x.matmul(tensor([[2], [-1]], { dtype: "float32" }));',
    },
    rows: [
      {
        what: "optimizers",
        pytorch:
          "torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\ntorch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\ntorch.optim.AdamW(model.parameters())",
        tsgrad:
          "new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });\nnew Adam(model.parameters(), { lr: 1e-3, weightDecay: 1e-4 });\nnew AdamW(model.parameters());",
      },
      {
        what: "a training step",
        pytorch:
          "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nloss_fn = nn.MSELoss()\nfor step in range(200):\n    opt.zero_grad()\n    loss = loss_fn(model(x), y)\n    loss.backward()\n    opt.step()",
        tsgrad:
          "const opt = new SGD(model.parameters(), { lr: 0.1 });\nconst lossFn = new MSELoss();\nfor (let step = 0; step < 200; step++) {\n  opt.zeroGrad();\n  const loss = lossFn.call(model.call(x), y);\n  loss.backward();\n  opt.step();\n}\nlossFn.call(model.call(x), y).item() < 1e-4; // true",
      },
      {
        what: "parameter groups",
        pytorch: "torch.optim.SGD([{'params': model.weight}, {'params': model.bias, 'lr': 0.01}], lr=0.1)",
        tsgrad:
          "const opt = new SGD([{ params: [model.weight] }, { params: [model.bias!], lr: 0.01 }], { lr: 0.1 });\nopt.paramGroups.map((g) => g.lr); // [0.1, 0.01]",
      },
      {
        what: "gradient clipping",
        pytorch: "nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)",
        tsgrad: "model.call(x).sub(y).square().mean().backward();\nclipGradNorm_(model.parameters(), 1.0);",
      },
      {
        what: "evaluation without a graph",
        pytorch: "model.eval()\nwith torch.no_grad():\n    pred = model(x)",
        tsgrad: "model.eval();\nconst pred = noGrad(() => model.call(x));\npred.requiresGrad; // false",
      },
    ],
  },
  {
    title: "Learning-rate schedulers",
    setup: {
      pytorch: "opt = torch.optim.SGD(nn.Linear(2, 1).parameters(), lr=0.1)",
      tsgrad: "const opt = new SGD(new Linear(2, 1).parameters(), { lr: 0.1 });",
    },
    rows: [
      {
        what: "step decay",
        pytorch:
          "sched = StepLR(opt, step_size=2, gamma=0.5)\nfor epoch in range(4):\n    opt.step()\n    sched.step()\nsched.get_last_lr()",
        tsgrad:
          "const sched = new StepLR(opt, { stepSize: 2, gamma: 0.5 });\nfor (let epoch = 0; epoch < 4; epoch++) {\n  opt.step();\n  sched.step();\n}\nsched.getLastLr(); // [0.025]",
      },
      {
        what: "cosine",
        pytorch: "CosineAnnealingLR(opt, T_max=10, eta_min=1e-4)",
        tsgrad: "new CosineAnnealingLR(opt, { tMax: 10, etaMin: 1e-4 });",
      },
      {
        what: "one cycle",
        pytorch: "OneCycleLR(opt, max_lr=0.1, total_steps=100)",
        tsgrad: "new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 100 });",
      },
      {
        what: "on a plateau",
        pytorch:
          "sched = ReduceLROnPlateau(opt, 'min', factor=0.5, patience=1)\nfor val_loss in [1.0, 1.0, 1.0]:\n    sched.step(val_loss)",
        tsgrad:
          'const sched = new ReduceLROnPlateau(opt, { mode: "min", factor: 0.5, patience: 1 });\nfor (const valLoss of [1, 1, 1]) sched.step(valLoss);\nopt.paramGroups[0]!.lr; // 0.05',
      },
    ],
  },
  {
    title: "state_dict and saving",
    intro:
      "State dicts have PyTorch's keys; safetensors bytes load in PyTorch (`safetensors.torch.load`) and back.",
    setup: { pytorch: "model = nn.Linear(3, 2)", tsgrad: "const model = new Linear(3, 2);" },
    rows: [
      {
        what: "state_dict keys",
        pytorch: "list(model.state_dict().keys())",
        tsgrad: '[...model.stateDict().keys()]; // ["weight", "bias"]',
      },
      {
        what: "load_state_dict",
        pytorch: "other = nn.Linear(3, 2)\nother.load_state_dict(model.state_dict())",
        tsgrad:
          "const other = new Linear(3, 2);\nother.loadStateDict(model.stateDict());\nother.weight.allclose(model.weight); // true",
      },
      {
        what: "to and from bytes (safetensors)",
        pytorch:
          "from safetensors.torch import save, load\nmodel.load_state_dict(load(save(model.state_dict())))",
        tsgrad:
          "const bytes = saveSafetensors(model.stateDict());\nmodel.loadStateDict(loadSafetensors(bytes));",
      },
      {
        what: "to a file (Node)",
        pytorch: "torch.save(model.state_dict(), 'model.pt')  # or safetensors.torch.save_file",
        tsgrad:
          '// import { saveFile, loadFile } from "@tsgrad/nn/node-io";\n// saveFile(model.stateDict(), "model.safetensors");\n// model.loadStateDict(loadFile("model.safetensors"));',
      },
      {
        what: "an optimizer's state",
        pytorch: "opt.load_state_dict(opt.state_dict())",
        tsgrad: "const opt = new Adam(model.parameters());\nopt.loadStateDict(opt.stateDict());",
      },
    ],
  },
  {
    title: "Data loading",
    setup: {
      pytorch: "x = torch.randn(10, 3)\ny = torch.arange(10)",
      tsgrad: "const x = randn(10, 3);\nconst y = arange(10);",
    },
    rows: [
      {
        what: "a dataset of tensors",
        pytorch: "ds = TensorDataset(x, y)\nlen(ds), ds[0][1]",
        tsgrad: "const ds = new TensorDataset(x, y);\n[ds.length, ds.getItem(0)[1]!.item()]; // [10, 0]",
      },
      {
        what: "batches",
        pytorch: "loader = DataLoader(ds, batch_size=4, shuffle=True)\nfor xb, yb in loader:\n    ...",
        tsgrad:
          "const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 4, shuffle: true });\nfor (const [xb, yb] of loader) xb!.shape[0]! <= 4;\nloader.length; // 3",
      },
      {
        what: "a split",
        pytorch: "train, val = random_split(ds, [0.8, 0.2], generator=torch.Generator().manual_seed(0))",
        tsgrad:
          "const [train, val] = randomSplit(new TensorDataset(x, y), [0.8, 0.2], { generator: new Generator(0) });\n[train.length, val.length]; // [8, 2]",
      },
      {
        what: "your own dataset",
        pytorch:
          "class Squares(Dataset):\n    def __len__(self): return 5\n    def __getitem__(self, i): return torch.tensor(i * i)",
        tsgrad:
          "const squares: Dataset<Tensor> = { length: 5, getItem: (i) => tensor(i * i) };\n[...new DataLoader(squares, { batchSize: 5 })][0]; // tensor([ 0,  1,  4,  9, 16])",
      },
    ],
  },
];

const PACKAGES: readonly [string, Record<string, unknown>][] = [
  ["@tsgrad/core", core],
  ["@tsgrad/nn", nn],
  ["@tsgrad/losses", losses],
];

/**
 * The package exports the tsgrad snippets use, by package, each from the first package that
 * exports it: the page's import block. Names are read from the code with comments and strings
 * removed, skipping property names (`x.sum`) and object keys (`{ dtype: ... }`).
 */
export function importsUsed(): { pkg: string; names: string[] }[] {
  const code = SECTIONS.flatMap((s) => [s.setup?.tsgrad ?? "", ...s.rows.map((r) => r.tsgrad)])
    .join("\n")
    .replace(/\/\/.*$/gm, "")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
  const used = new Set<string>();
  for (const [name] of code.matchAll(/(?<![.\w$])[A-Za-z_$][\w$]*(?![\w$])(?!\s*:)/g)) used.add(name);
  const taken = new Set<string>();
  return PACKAGES.map(([pkg, mod]) => {
    const names = Object.keys(mod)
      .filter((n) => used.has(n) && !taken.has(n))
      .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    for (const n of names) taken.add(n);
    return { pkg, names };
  }).filter((p) => p.names.length > 0);
}

function fence(lang: string, code: string): string {
  return `\`\`\`${lang}\n${code}\n\`\`\``;
}

/** The page's Markdown. */
export function renderPage(): string {
  const out: string[] = [
    "# PyTorch → tsgrad",
    "",
    "<!-- Generated by tools/pytorch-to-tsgrad.ts from tested snippets; do not edit by hand. -->",
    "",
    "Each idiom of the PyTorch tutorials, as the PyTorch code and the tsgrad code that does the same.",
    "Every tsgrad snippet on this page is run by `tools/pytorch-to-tsgrad.test.ts` (a `// RESULT` comment",
    "is checked against what the line gives), so the page cannot drift from the library. The conventions",
    "behind the translation (keyword options, `call`, camelCase) are in the README's",
    '"PyTorch → TypeScript conventions"; the full API is in the reference built by `pnpm run docs`.',
    "",
    "**To reproduce a PyTorch run's numbers**, bring its random numbers with you: `manualSeed(0)` makes",
    "tsgrad reproducible, but its generator is not PyTorch's, so `randn`, dropout masks, shuffles and the",
    "default initial weights differ from `torch.manual_seed(0)`'s. Save the PyTorch model's `state_dict()`",
    "(e.g. as safetensors) and `loadStateDict` it, and pass any noise in as data. And JS writes `1.0` as",
    '`1`: `tensor([1, 0])` and `full(shape, 1.0)` are int32, so give `{ dtype: "float32" }` where PyTorch',
    "code relies on a float literal.",
    "",
    "All names come from `@tsgrad/core`, `@tsgrad/nn` and `@tsgrad/losses`:",
    "",
    fence(
      "ts",
      importsUsed()
        .map(({ pkg, names }) => `import { ${names.join(", ")} } from "${pkg}";`)
        .join("\n"),
    ),
    "",
    "## Contents",
    "",
    ...SECTIONS.map(
      (s) =>
        `- [${s.title}](#${s.title
          .toLowerCase()
          .replace(/[^a-z0-9 _-]/g, "")
          .replace(/ /g, "-")})`,
    ),
  ];
  for (const s of SECTIONS) {
    out.push("", `## ${s.title}`, "");
    if (s.intro) out.push(s.intro, "");
    if (s.setup) {
      out.push("Given:", "", fence("python", s.setup.pytorch), "", fence("ts", s.setup.tsgrad), "");
    }
    for (const r of s.rows) {
      out.push(`**${r.what}**`, "", fence("python", r.pytorch), "", fence("ts", r.tsgrad), "");
    }
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  writeFileSync(PAGE_PATH, renderPage());
  console.log(`wrote ${PAGE_PATH}`);
}
