"""Offline language detection for feedback texts.

Feedback arrives in whatever language the company writes in. Knowing it lets
nextround pick matching theme keywords and reply in the same language. The
detector scores a text against profiles of frequent function words (articles,
pronouns, prepositions, auxiliaries) and the words rejection emails are made of
("unfortunately", "leider", "lamentablemente"...), plus a few telltale letters
(ñ, ß, ã). It needs no model download, is deterministic, and says "unknown"
rather than guess when there is too little text.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["SUPPORTED_LANGUAGES", "detect_language"]

SUPPORTED_LANGUAGES = ("en", "es", "de", "fr", "pt", "it", "nl")

# About a hundred frequent words per language: function words first, then the vocabulary
# of rejection emails and interview notes.
_PROFILES: dict[str, str] = {
    "en": """
        the of and to a in is it that for on are with as be at have has had this from or by
        not but we you your our they he she his her their an will would can could should may
        might there which who what when where been was were do does did so if about more also
        than then them these those its my me i us am no all any some such only very just into
        over after before because while how thank thanks unfortunately however interview
        position role team application candidate decided decision move forward experience
        feedback other best regards time wish luck process strong skills were really great good
        weak solid clear lacked needs well
    """,
    "es": """
        de la que el en y a los se del las un por con no una su para es al lo como más pero
        sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde
        quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos e esto
        antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos
        cual poco ella estar estas algunas algo nosotros mi mis tú te tu tus usted ustedes
        gracias hemos decidido lamentablemente proceso entrevista candidatura puesto equipo
        saludos muchas tiempo agradecemos seguir experiencia otro perfil suerte buena bueno
        débil fuerte faltó
    """,
    "de": """
        der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch
        es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über
        einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei ihr
        ich wir uns unser unsere ihre ihnen ihrer leider vielen dank bewerbung gespräch
        entschieden freundlichen grüßen zeit möchten können würden sehr gerne weiteren
        kandidaten position stelle erfahrung wünschen viel erfolg jedoch dieses diese gute gut
        schwach stark fehlte
    """,
    "fr": """
        de la le et les des en un du une que est pour qui dans par plus pas au sur ne se ce
        il sont avec son elle nous vous votre vos nos notre leur mais ou cette été être avons
        avez ont aux comme tout bien fait très merci malheureusement candidature entretien
        poste équipe décidé cordialement sommes pouvons souhaitons aussi ses sa je à où
        suite donner retenue profil expérience bonne chance temps autre processus vous avez
        remercions nouvelles bonne bon faible fort manque
    """,
    "pt": """
        de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi
        ao ele das tem à seu sua ou ser quando muito há nos já está eu também só pelo pela até
        isso ela entre era depois sem mesmo aos ter seus quem nas me esse eles estão você
        vocês tinha foram essa num nem suas meu às minha têm numa pelos elas obrigado obrigada
        infelizmente candidatura entrevista vaga equipe equipa decidimos processo agradecemos
        atenciosamente tempo seguir outro perfil sorte experiência boa bom fraco faltou
    """,
    "it": """
        di e il la che in a per un è non una sono del con si da le al dei mi ma lo ha gli come
        più anche della questo alla nel se ci ti ho delle o suo sua io tu noi voi loro essere
        stato nella molto grazie purtroppo candidatura colloquio posizione deciso abbiamo
        cordiali saluti vostro vostra tuo tua ringraziamo siamo processo nostro nostra
        tempo altro profilo esperienza fortuna dopo questa quindi però buona buono debole poca
    """,
    "nl": """
        de en van het een in is dat op te zijn met voor niet aan er die ook als om maar bij
        door worden nog naar uit dan wat tot kan heeft wordt hebben je we wij jij u uw ons
        onze jullie zij hun was werd zou zullen al of helaas bedankt sollicitatie gesprek
        functie besloten vriendelijke groet groeten graag tijd hartelijk dank ervaring
        andere kandidaat succes verder gekozen deze goed goede zwak sterk
    """,
}

# Letters that (nearly) only one of the supported languages uses.
_LETTER_HINTS: dict[str, tuple[str, ...]] = {
    "ñ": ("es",),
    "¿": ("es",),
    "¡": ("es",),
    "ß": ("de",),
    "ä": ("de",),
    "ö": ("de",),
    "ü": ("de",),
    "ã": ("pt",),
    "õ": ("pt",),
    "ç": ("fr", "pt"),
    "è": ("fr", "it"),
    "ù": ("fr", "it"),
    "ê": ("fr", "pt"),
    "â": ("fr", "pt"),
    "î": ("fr",),
    "û": ("fr",),
    "œ": ("fr",),
    "ë": ("nl", "fr"),
}
_LETTER_WEIGHT = 0.5

_NON_TEXT_RE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\b[\w.-]+\.[a-z]{2,}/\S*", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]+")
_MIN_WORDS = 4
# Below this score the evidence is a couple of shared words: too little to decide.
_MIN_SCORE = 1.5


@cache
def _weights() -> dict[str, dict[str, float]]:
    """word -> {language: weight}; words shared by n languages weigh 1/n each."""
    langs_of: dict[str, list[str]] = {}
    for lang, words in _PROFILES.items():
        for word in dict.fromkeys(words.split()):
            langs_of.setdefault(word, []).append(lang)
    return {word: {lang: 1 / len(langs) for lang in langs} for word, langs in langs_of.items()}


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's dominant language, or ``"unknown"``.

    Recognises English, Spanish, German, French, Portuguese, Italian and Dutch
    ("en", "es", "de", "fr", "pt", "it", "nl"). URLs and email addresses are
    ignored. Texts of fewer than four words, and texts where no language clearly
    leads, are ``"unknown"``; mixed-language texts get the language most of the
    text is written in.
    """
    cleaned = _NON_TEXT_RE.sub(" ", text).lower()
    words = _WORD_RE.findall(cleaned)
    if len(words) < _MIN_WORDS:
        return "unknown"
    weights = _weights()
    scores = dict.fromkeys(_PROFILES, 0.0)
    for word in words:
        for lang, weight in weights.get(word, {}).items():
            scores[lang] += weight
    for letter, langs in _LETTER_HINTS.items():
        if letter in cleaned:
            for lang in langs:
                scores[lang] += _LETTER_WEIGHT / len(langs)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, runner_up) = ranked[0], ranked[1]
    if top < _MIN_SCORE or top == runner_up:
        return "unknown"
    return best
