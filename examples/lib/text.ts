/**
 * A made-up text for the character-level language model, so it needs no download: sentences
 * from a small English-like grammar ("the small cat sees a red ball."), drawn from a seed. Its
 * structure (words, agreement of "a"/"an", sentence ends) is what a model has to learn, and what
 * its samples show it learnt.
 */
import { Generator } from "@tsgrad/core";

const NOUNS = ["cat", "dog", "bird", "fox", "owl", "ball", "tree", "house", "river", "apple", "moon", "boat"];
const ADJECTIVES = ["small", "red", "old", "green", "quiet", "happy", "dark", "little"];
const VERBS = ["sees", "likes", "finds", "chases", "watches", "follows"];
const INTRANSITIVE = ["runs", "sleeps", "sings", "waits", "falls"];
const PREPOSITIONS = ["to", "near", "under", "behind", "over"];

/**
 * About `chars` characters of sentences drawn from `seed` (whole sentences, space-separated).
 *
 * @example
 * makeText(60, 0); // e.g. "the old fox sleeps. a cat sees the green apple. ..."
 */
export function makeText(chars: number, seed: number): string {
  const gen = new Generator(seed);
  const pick = (words: readonly string[]): string => words[Math.floor(gen.random() * words.length)]!;
  const nounPhrase = (): string => {
    const adjective = gen.random() < 0.5 ? `${pick(ADJECTIVES)} ` : "";
    const noun = pick(NOUNS);
    const article = gen.random() < 0.5 ? "the" : /^[aeiou]/.test(adjective || noun) ? "an" : "a";
    return `${article} ${adjective}${noun}`;
  };
  const sentences: string[] = [];
  let length = 0;
  while (length < chars) {
    const r = gen.random();
    const verbPhrase =
      r < 0.45
        ? `${pick(VERBS)} ${nounPhrase()}`
        : r < 0.75
          ? `${pick(INTRANSITIVE)} ${pick(PREPOSITIONS)} ${nounPhrase()}`
          : pick(INTRANSITIVE);
    const sentence = `${nounPhrase()} ${verbPhrase}.`;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  return sentences.join(" ");
}

/** A character vocabulary: the sorted distinct characters of a text, and the maps both ways. */
export interface Vocabulary {
  chars: string[];
  encode(text: string): Int32Array;
  decode(ids: ArrayLike<number>): string;
}

export function vocabulary(text: string): Vocabulary {
  const chars = [...new Set(text)].sort();
  const index = new Map(chars.map((c, i) => [c, i]));
  return {
    chars,
    encode(s) {
      const ids = new Int32Array(s.length);
      for (let i = 0; i < s.length; i++) {
        const id = index.get(s[i]!);
        if (id === undefined)
          throw new Error(`vocabulary: character ${JSON.stringify(s[i])} is not in the text`);
        ids[i] = id;
      }
      return ids;
    },
    decode(ids) {
      let s = "";
      for (let i = 0; i < ids.length; i++) s += chars[ids[i]!] ?? "?";
      return s;
    },
  };
}
