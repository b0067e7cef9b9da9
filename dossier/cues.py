"""Speech cues: the verbs and phrases that attribute words to someone, and media words.

The lexicon is split by how strongly a word signals reported speech:

* ``SPEECH`` verbs (said, told, tweeted, …) attribute a full quotation wherever
  they stand next to it;
* ``FRAMING`` verbs (called, described, dubbed, rated, …) attribute the short
  partial quotes that news weaves into a sentence (``called it "rigged"``) but
  are too common to attribute a quote on their own across a sentence break.
"""

from __future__ import annotations

import re

# Verb stems with their inflections spelled out: a regex alternation of literal
# words is faster and more predictable than stemming each token.
_SPEECH_WORDS = ["say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds", "added", "adding", "write", "writes", "wrote", "written", "writing", "tweeted", "tweeting", "retweeted", "texted", "texting", "posted", "ask", "asks", "asked", "asking", "answer", "answers", "answered", "answering", "reply", "replies", "replied", "replying", "respond", "responds", "responded", "responding", "argue", "argues", "argued", "arguing", "claim", "claims", "claimed", "claiming", "insist", "insists", "insisted", "insisting", "explain", "explains", "explained", "explaining", "continue", "continues", "continued", "continuing", "noted", "noting", "declare", "declares", "declared", "declaring", "announce", "announces", "announced", "announcing", "stated", "recall", "recalls", "recalled", "recalling", "admit", "admits", "admitted", "admitting", "acknowledge", "acknowledges", "acknowledged", "acknowledging", "warn", "warns", "warned", "warning", "joke", "jokes", "joked", "joking", "quip", "quips", "quipped", "quipping", "shout", "shouts", "shouted", "shouting", "yell", "yells", "yelled", "yelling", "scream", "screamed", "screaming", "chant", "chants", "chanted", "chanting", "exclaim", "exclaimed", "exclaiming", "cry", "cried", "crying", "sing", "sings", "sang", "singing", "complain", "complains", "complained", "complaining", "boast", "boasts", "boasted", "boasting", "suggest", "suggests", "suggested", "suggesting", "observe", "observes", "observed", "observing", "predict", "predicts", "predicted", "predicting", "promise", "promises", "promised", "promising", "vow", "vows", "vowed", "vowing", "pledge", "pledges", "pledged", "pledging", "urge", "urges", "urged", "urging", "reports", "reported", "reads", "mock", "mocks", "mocked", "mocking", "tease", "teases", "teased", "teasing", "deny", "denies", "denied", "denying", "concede", "concedes", "conceded", "conceding", "assert", "asserts", "asserted", "asserting", "contend", "contends", "contended", "contending", "maintain", "maintains", "maintained", "maintaining", "emphasize", "emphasizes", "emphasized", "emphasizing", "stress", "stresses", "stressed", "stressing", "lament", "laments", "lamented", "lamenting", "remarked", "commented", "countered", "retort", "retorts", "retorted", "muse", "muses", "mused", "musing", "wonder", "wonders", "wondered", "wondering", "whisper", "whispers", "whispered", "whispering", "testify", "testifies", "testified", "testifying", "blast", "blasts", "blasted", "blasting", "slam", "slams", "slammed", "slamming", "criticize", "criticizes", "criticized", "criticizing", "condemn", "condemns", "condemned", "condemning", "accuse", "accuses", "accused", "accusing", "charged", "proclaim", "proclaims", "proclaimed", "proclaiming", "reiterate", "reiterates", "reiterated", "reiterating", "repeat", "repeats", "repeated", "repeating", "confirm", "confirms", "confirmed", "confirming", "caution", "cautions", "cautioned", "cautioning", "describe", "describes", "described", "describing", "call", "calls", "called", "calling", "dub", "dubs", "dubbed", "dubbing", "label", "labels", "labeled", "labelled", "labeling", "term", "terms", "termed", "deem", "deems", "deemed", "brand", "brands", "branded", "branding", "rate", "rates", "rated", "rating", "ruled", "cite", "cites", "cited", "citing", "quoted", "praise", "praises", "praised", "praising", "refer", "refers", "referred", "referring", "tout", "touts", "touted", "touting"]

SPEECH_WORDS = frozenset(_SPEECH_WORDS)

# Words that frame a short partial quote but hardly ever carry a long one.
FRAMING_WORDS = frozenset(
    ["describe", "describes", "described", "describing", "call", "calls", "called", "calling", "dub", "dubs", "dubbed", "dubbing", "label", "labels", "labeled", "labelled", "labeling", "term", "terms", "termed", "deem", "deems", "deemed", "brand", "brands", "branded", "branding", "rate", "rates", "rated", "rating", "ruled", "cite", "cites", "cited", "citing", "praise", "praises", "praised", "praising", "refer", "refers", "referred", "referring", "tout", "touts", "touted", "touting", "accuse", "accuses", "accused", "accusing", "charged", "promise", "promises", "promised", "promising"]
)

# Nouns that attribute the quote after a colon or "in a ...": "In a statement, X…".
SPEECH_NOUNS = frozenset(
    ["statement", "statements", "tweet", "tweets", "interview", "interviews", "email", "emails", "e-mail", "letter", "speech", "remarks", "post", "posts", "message", "messages", "text", "texts", "memo", "release", "op-ed", "column", "essay"]
)

# Multi-word cues, matched before single verbs so their span is whole.
PHRASE_CUES = re.compile(
    r"(?<![\w-])(?:[Aa]ccording to|went on(?: to (?:say|tweet|write|add|explain|ask|note))?|goes on|go on|"
    r"put it|summed (?:it )?up|weighed in|chimed in|fired back|shot back|wrote back|"
    r"pointed out|spoke of|spoke about|referred to|described (?:it |him |her |them |this |that )?as|"
    r"called (?:it|him|her|them|this|that)|is quoted as saying|was quoted as saying)\b",
    re.I,
)

# Case-sensitive on purpose: verbs in running text are lower case, while "Post"
# in "The New York Post" or "Call" in a headline are not cues.
SPEECH_RE = re.compile(
    r"(?<![\w’'-])(?:" + "|".join(sorted(SPEECH_WORDS, key=len, reverse=True)) + r")(?![\w’'-])"
)

# Media the text names next to a cue, most specific first.
_MEDIA = [
    ("text message", r"text(?:ed|s|ing)?\b|text messages?|imessage|sms"),
    ("tweet", r"tweet(?:ed|s|ing)?|twitter|retweet(?:ed|s)?"),
    ("email", r"e-?mail(?:s|ed)?"),
    ("post", r"facebook|instagram|posted|post(?:s)?\b|blog"),
    ("statement", r"statements?|press release|news release|communiqu[eé]"),
    ("radio interview", r"phoned into|called into|radio|podcast"),
    ("tv interview", r"television|\btv\b|on (?:cnn|fox|msnbc|abc|cbs|nbc)\b"),
    ("interview", r"interviews?|told (?:reporters|the [A-Z]\w+)|conference call|press conference"),
    ("speech", r"speech|rally|remarks|address|addressed|town hall|debate"),
    ("letter", r"letter"),
]
MEDIA_RE = [(name, re.compile(r"\b(?:" + pat + r")", re.I)) for name, pat in _MEDIA]


def medium_of(text: str) -> str | None:
    """The medium named in a cue's neighbourhood, or None."""
    for name, rx in MEDIA_RE:
        if rx.search(text):
            return name
    return None


def is_speech_word(word: str) -> bool:
    return word.lower() in SPEECH_WORDS
