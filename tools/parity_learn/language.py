"""Parity fixtures for nabla's language metrics (src/metrics/language): NLTK 3.8's corpus_bleu /
sentence_bleu (every smoothing method, several weightings), meteor_score (with a synonym table
passed as a stand-in for WordNet) and PorterStemmer (all three modes).
Writes test/fixtures/learn/language.json. Run: /usr/bin/python3 tools/parity_learn/language.py"""
import json, os, random, re, warnings
import nltk
from nltk.translate.bleu_score import corpus_bleu, sentence_bleu, SmoothingFunction
from nltk.translate.meteor_score import meteor_score
from nltk.stem.porter import PorterStemmer

warnings.simplefilter("ignore")
rnd = random.Random(0)
cases = []

def add(fn, args, kwargs, out):
    cases.append({"fn": fn, "args": args, "kwargs": kwargs, "out": out})

# A small vocabulary so that n-gram overlaps happen often.
VOCAB = "the a cat dog sat on mat is was there here big small red quickly ran it".split()
def sent(lo, hi):
    return [rnd.choice(VOCAB) for _ in range(rnd.randint(lo, hi))]

# Papineni et al. (2002): the two candidates and three references of Example 1, and Example 2.
P_C1 = "It is a guide to action which ensures that the military always obeys the commands of the party".split()
P_C2 = "It is to insure the troops forever hearing the activity guidebook that party direct".split()
P_R1 = "It is a guide to action that ensures that the military will forever heed Party commands".split()
P_R2 = "It is the guiding principle which guarantees the military forces always being under the command of the Party".split()
P_R3 = "It is the practical guide for the army always to heed the directions of the party".split()
P_C3 = "the the the the the the the".split()
P_R4 = "The cat is on the mat".split()
P_R5 = "There is a cat on the mat".split()

corpora = [
    ([[P_R1, P_R2, P_R3]], [P_C1]),
    ([[P_R1, P_R2, P_R3]], [P_C2]),
    ([[P_R1, P_R2, P_R3], [P_R4, P_R5]], [P_C1, P_C3]),
    ([[P_R4, P_R5]], [P_C3]),
    ([[P_R4, P_R5]], [["the", "cat"]]),
]
for _ in range(12):
    k = rnd.randint(1, 4)
    refs = [[sent(3, 12) for _ in range(rnd.randint(1, 3))] for _ in range(k)]
    hyps = [sent(1, 12) for _ in range(k)]
    corpora.append((refs, hyps))

sm = SmoothingFunction()
methods = ["method0", "method1", "method2", "method3", "method4", "method5", "method7"]
weightings = [(0.25, 0.25, 0.25, 0.25), (0.5, 0.5), (1,), (0.1, 0.2, 0.3, 0.4)]
for refs, hyps in corpora:
    for m in methods:
        for w in weightings:
            try:
                out = corpus_bleu(refs, hyps, weights=w, smoothing_function=getattr(sm, m))
            except Exception:  # method5/7 index past the weights for short weightings
                continue
            add("corpusBleu", [refs, hyps], {"weights": list(w), "smoothing": m}, float(out))
    try:
        out = corpus_bleu(refs, hyps, weights=(0.25,) * 4, smoothing_function=sm.method6)
        add("corpusBleu", [refs, hyps], {"smoothing": "method6"}, float(out))
    except Exception:
        pass
    add("sentenceBleu", [refs[0], hyps[0]], {"smoothing": "method1", "epsilon": 0.05},
        float(sentence_bleu(refs[0], hyps[0], smoothing_function=SmoothingFunction(epsilon=0.05).method1)))
    add("sentenceBleu", [refs[0], hyps[0]], {"autoReweigh": True},
        float(sentence_bleu(refs[0], hyps[0], auto_reweigh=True)))

# METEOR with a synonym table standing in for WordNet.
SYN = {"sat": ["seated", "perched"], "mat": ["rug", "carpet"], "big": ["large", "huge", "big_deal"],
       "small": ["little", "tiny"], "quick": ["fast", "rapid"], "run": ["sprint"], "dog": ["hound"]}
class Lemma:
    def __init__(self, n): self.n = n
    def name(self): return self.n
class Synset:
    def __init__(self, names): self.names = names
    def lemmas(self): return [Lemma(n) for n in self.names]
class FakeWordNet:
    def synsets(self, w): return [Synset(SYN[w])] if w in SYN else []
MVOCAB = "the a cat cats dog hound sat seated sitting sits on mat rug carpet big large small little quickly quick ran running runs fast".split()
meteor_pairs = [
    ([["the", "cat", "sat", "on", "the", "mat"]], ["on", "the", "mat", "sat", "the", "cat"]),
    ([["the", "cat", "sat", "on", "the", "mat"]], ["the", "cat", "sat", "on", "the", "mat"]),
    ([["The", "cats", "were", "running", "quickly"]], ["a", "cat", "runs", "fast"]),
    ([P_R1, P_R2, P_R3], P_C1),
    ([P_R1, P_R2, P_R3], P_C2),
    ([["a"]], ["b"]),
]
for _ in range(15):
    refs = [[rnd.choice(MVOCAB) for _ in range(rnd.randint(2, 10))] for _ in range(rnd.randint(1, 3))]
    meteor_pairs.append((refs, [rnd.choice(MVOCAB) for _ in range(rnd.randint(1, 10))]))
for refs, hyp in meteor_pairs:
    add("meteorScore", [refs, hyp], {"synonyms": SYN}, float(meteor_score(refs, hyp, wordnet=FakeWordNet())))
    add("meteorScore", [refs, hyp], {"alpha": 0.8, "beta": 2, "gamma": 0.4, "synonyms": SYN},
        float(meteor_score(refs, hyp, wordnet=FakeWordNet(), alpha=0.8, beta=2, gamma=0.4)))

# Porter stems: words covering every rule, in all three modes.
WORDS = """caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled
sized hopping tanned falling hissing fizzed failing filing happy sky relational conditional rational
valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization
predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti
triplicate formative formalize electriciti electrical hopeful goodness revival allowance inference
airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption homologou
communism activate angulariti homologous effective bowdlerize probate rate cease controll roll
generalizations oscillators dying lying tying news innings outings cannings howe proceed exceeding
succeeded skies died flies spied ies is as us by try cry fly generously fully logically archeology
analogies analogy abilities possibly abli alli fulli logi running runs ran quickly seated sitting
national nationality organization organizational cried lied tied agreement feeding meeting meetings
be at on it cats's abatement abbreviation bicycle bicycles""".split()
for mode in ["NLTK_EXTENSIONS", "MARTIN_EXTENSIONS", "ORIGINAL_ALGORITHM"]:
    st = PorterStemmer(mode=mode)
    add("porterStems", [WORDS, mode], {}, [st.stem(w) for w in WORDS])

out = {"nltk": nltk.__version__, "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "language.json")
with open(path, "w") as f:
    json.dump(out, f)
print(len(cases), "cases ->", os.path.normpath(path))
