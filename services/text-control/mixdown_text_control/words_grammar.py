"""The words that shape a request rather than name what it changes: direction cues ("plus",
"less", "enlève"), intensities ("un peu" = 0.5), negations, "enough", references ("par rapport
au beat"), copulas, prepositions, pronouns, verbs, politeness; the conjunctions that separate
requests, the stopwords, the hints that tell French from English (data; see :mod:`.lexicon`).
"""

from __future__ import annotations

from mixdown_text_control.lexicon import Words, words

# Direction cues: ``up`` (more of what is named), ``down`` (less), ``off`` (none).
_CUES: tuple[Words, ...] = (
    words("cue", "fr", "plus|augmente|augmenter|augmentes|augmentez|augmentons|monte|monter|montes|montez|remonte|"
          "remonter|remontes|remontez|rajoute|rajouter|ajoute|ajouter|ajoutes|ajoutez|ajout|renforce|renforcer|"
          "renforcez|accentue|accentuer|accentuez|pousse|pousser|poussez|booste|booster|boostez|hausse|hausser|releve|"
          "relever|amplifie|amplifier|davantage|encore plus|fais ressortir|faire ressortir|ressortir|ressorte|intensifie|"
          "intensifier|manque|manque de|manquent|manquent de|pas assez|pas assez de|trop peu|trop peu de|besoin de|"
          "il faut plus|il faudrait plus|mets plus|mettre plus|mets plus de|gonfle|gonfler|maximise|"
          "soit plus|plus de|faut|il faut|faudrait|il faudrait|faut de|faut du|faut des|"
          # "le volume des backs est trop bas": the amount named is too small.
          "trop bas|trop basse|trop faible|trop faibles|trop leger|trop legere|trop subtil|trop subtile|"
          "trop timide|revenir|reviennent|laisse revenir|fais revenir|ramene|ramener|ramenez", "up"),
    words("cue", "en", "more|increase|raise|boost|add|adding|up|turn up|bring up|push|push up|lift|enhance|bring out|"
          "pump up|higher|extra|needs more|need more|needs|need|lacks|lacking|missing|not enough|too little|"
          "isn t enough|crank|crank up|amp up|beef up|more of|give it more|add more|increase the|bump|bump up|"
          "too low|way too low|too weak|too light|too gentle|too subtle|too soft",
          "up"),
    # Too shy to be heard: not enough of it ("the cello is too timid", "elle est trop gentille").
    # ("too polite", "trop gentille": no bite, a quality of the upper mids; see words_quality).
    words("cue", "en", "too timid|too shy|too tame|too meek|way too timid|"
          "way too shy|way too tame|too reserved|too modest", "up"),
    words("cue", "fr", "trop timides|"
          "trop discrete|trop discret|trop timoree|trop timore", "up"),
    words("cue", "fr", "moins|moins de|baisse|baisser|baisses|baissez|diminue|diminuer|diminues|diminuez|reduis|reduire|"
          "reduisez|reduit|reduction|attenue|attenuer|attenuez|calme|calmer|calmez|descends|descend|descendre|redescends|"
          "nettoie|nettoyer|nettoyez|limite|limiter|trop|trop de|pas trop|pas trop de|"
          "retiens|modere|moderer|abaisse|abaisser|allege un peu|degage un peu|creuse|creuser|creusez|"
          "pas besoin d autant|pas besoin d autant de|pas besoin de tant de|pas autant de|annule|defais|"
          "enleve un peu|j aime pas|j aime pas trop|je n aime pas|n aime pas|aime pas|trop haut|trop haute|"
          "trop eleve|trop elevee|trop important|trop importante|relache|relacher|relachez|detends|detendre|"
          "desserre|desserrer|un peu beaucoup|un chouia trop|un poil trop", "down"),
    # Taking up the room of the rest: too much of it ("la reverb prend toute la place").
    words("cue", "fr", "prend toute la place|prend trop de place|prennent toute la place|prennent trop de place|"
          "bouffe toute la place|mange toute la place|envahit tout|envahissent tout", "down"),
    words("cue", "en", "takes up all the space|takes up too much space|takes up all the room|takes up too much room|"
          "takes all the space|take up all the space|take up too much space|hogs all the space|hogs the space", "down"),
    # Not keen on it: less of it ("chui pas fan de l'écho", "pas trop fan du delay").
    words("cue", "fr", "pas fan de|pas fan du|pas fan des|pas fan d|pas tres fan de|pas tres fan du|pas trop fan de|"
          "pas trop fan du|pas super fan de|pas super fan du|pas fan de la|pas fan de l", "down"),
    words("cue", "en", "less|lower|reduce|reducing|decrease|down|turn down|bring down|pull back|pull down|pull it back|"
          "dial back|dial down|back off|back|tame|lessen|fewer|too|too much|over|excessive|excess|clean up|"
          "a bit much|a little much|a tad much|bit much|kinda much|a touch much|a lil much|"
          "not too much|not so much|far too|less of|minus|cut back|turn it down|tone down|rein in|scoop|dip|notch|"
          "lay off|lay off the|ease off|ease off the|ease up on|go easy on|go easier on|lighten up on|undo|undo some|"
          "undo some of|roll back|tuck|tuck in|tuck it in|sit back|off|take some|take a bit|take a little|"
          "don t like|dont like|do not like|hate|i hate|not a fan of|clean it up|clean them up|tidy it up|"
          "pull out|carve|carve out|attenuate|doesn t need that much|doesn t need so much|needs less|need less|"
          "does not need that much|way too|a little dip|a dip|too high|way too high|"
          # Too much, said as an idiom whose "top" is no treble ("the delay is way over the top").
          "over the top|way over the top|a bit over the top|a little over the top|bit over the top|"
          # Easing verbs: less of what they name ("ease the compression", "relâche le de-esser").
          "ease|ease up|loosen|loosen up|relax|slacken", "down"),
    # A need whose object is a lowering: less, not the "more" that "needs" alone asks for ("the
    # low mids need a cut" raised them).
    words("cue", "en", "needs a cut|needs a little cut|needs a small cut|needs a slight cut|needs some cut|needs some cutting|needs a bit of a cut|needs cutting|needs a dip|needs a little dip|needs taming|needs reducing|needs to be cut|needs to be tamed|needs to be reduced|needs to come down|needs to go down|needs to be lower|needs to be turned down|needs to be pulled back|need a cut|need a little cut|need a small cut|need a slight cut|need some cut|need some cutting|need a bit of a cut|need cutting|need a dip|need a little dip|need taming|need reducing|need to be cut|need to be tamed|need to be reduced|need to come down|need to go down|need to be lower|need to be turned down|need to be pulled back|could use a cut|could use a little cut|could use a small cut|could use a slight cut|could use some cut|could use some cutting|could use a bit of a cut|could use cutting|could use a dip|could use a little dip|could use taming|could use reducing|could use to be cut|could use to be tamed|could use to be reduced|could use to come down|could use to go down|could use to be lower|could use to be turned down|could use to be pulled back|could do with a cut|could do with a little cut|could do with a small cut|could do with a slight cut|could do with some cut|could do with some cutting|could do with a bit of a cut|could do with cutting|could do with a dip|could do with a little dip|could do with taming|could do with reducing|could do with to be cut|could do with to be tamed|could do with to be reduced|could do with to come down|could do with to go down|could do with to be lower|could do with to be turned down|could do with to be pulled back", "down"),
    # Filling a gap in the spectrum: more of it ("fill in the mids", "comble les médiums").
    words("cue", "en", "fill in|fill in the|fill up|fill back in", "up"),
    words("cue", "fr", "comble|combler|comblez|remplis|remplir|remplissez", "up"),
    # Filtering a noise out: less of it ("rumble on the vocal, filter it out").
    words("cue", "en", "filter it out|filter that out|filter them out|filter out|filter away|roll it off", "down"),
    # Verbs of loss say there is too little of what was lost ("i lost all the s sounds", "elle a
    # perdu son corps").
    words("cue", "en", "lost|lost all|lost all of|lost all the|lost some|lost some of|lose|losing|has lost|"
          "have lost|we lost|i lost|swallowed|eaten|cut too much|cut too much of|you cut too much|"
          "took out too much|removed too much|filtered too much", "up"),
    words("cue", "fr", "perdu|a perdu|ai perdu|as perdu|perd|perdent|on a perdu|j ai perdu|avale|avales|trop coupe|"
          "as trop coupe|a trop coupe|trop enleve|trop filtre", "up"),
    # A low-pass with its frequency ("LPF 6k", "passe-bas vers 10k"): a cut above it; the console
    # has no low-pass, so the top band or high shelf comes down there.
    words("cue", "en", "lpf|low pass|lowpass|low pass filter", "down"),
    words("cue", "fr", "lpf|passe bas|filtre passe bas", "down"),
    # Verbs of overflow say there is too much of where it overflows ("le kick bave dans le bas",
    # "the bass bleeds into the low mids").
    words("cue", "fr", "bave|bavent|baver|deborde|debordent|degueule|degueulent", "down"),
    words("cue", "en", "bleeds|bleeding|spills|spilling|spills over|overflows|overflowing", "down"),
    words("cue", "fr", "enleve|enlever|enlevez|enleves|retire|retirer|retirez|supprime|supprimer|supprimez|vire|virer|"
          "virez|coupe|couper|coupez|desactive|desactiver|desactivez|pas de|pas d|sans|aucun|aucune|zero|arrete|"
          "arreter|stop|stoppe|elimine|eliminer|eliminez|efface|effacer|degage|degager|plus du tout|plus aucun|"
          "ne veux plus de|ne veux plus|je ne veux plus|pas besoin de", "off"),
    # Closing a send or a return is switching it off ("ferme le retour de la reverb", "shut the delay").
    words("cue", "fr", "ferme|fermer|fermez|fermes|referme|refermer", "off"),
    words("cue", "en", "shut|shut off|shut down|close off", "off"),
    # No need of it, in each elided form ("pas besoin d'écho", "pas besoin du delay"): none, never "besoin de".
    words("cue", "fr", "pas besoin d|pas besoin du|pas besoin des|pas besoin d un|pas besoin d une|"
          "pas vraiment besoin de|pas vraiment besoin d", "off"),
    # "coupe" written as heard before its object ("coup les basses", "coup la reverb"); "un coup de"
    # never has an article after "coup".
    words("cue", "fr", "coup les|coup la|coup le|coup l|coup tout", "off"),
    words("cue", "en", "no|remove|kill|get rid of|turn off|switch off|take out|take off|cut|cut out|disable|without|"
          "lose|drop|none|don t add|do not add|dont add|don t want|do not want|dont want|don t use|do not use|"
          "don t put|do not put|no more|zero|eliminate|strip|strip out|mute all|bypass|delete|ditch|doesn t need|"
          "doesnt need|does not need|don t need|dont need|do not need|no need for", "off"),
    # The particle of a verb split by its object ("take 4 dB out", "pull 300 Hz out of the keys"),
    # a cue only after one of :data:`OUT_VERBS`.
    words("cue", "en", "out|out of", "off"),
)
CUE_WORDS = _CUES  # the direction cues alone (for the verbs a misspelling may stand for)
# Intensity factors: (factor, French phrases, English phrases).
INTENSITIES: tuple[tuple[float, str, str], ...] = (
    (0.25, "un tout petit peu|un tout petit poil|tres legerement|a peine|imperceptiblement",
     "a tiny bit|a tiny touch|barely|the slightest bit|a hint"),
    (0.4, "un petit peu|un petit poil|juste un peu|une petite touche|une legere touche|un petit coup",
     "a little bit|just a bit|a hair|a smidge|a smidgen|a tad bit|a little touch|a small touch|a light touch"),
    (0.5, "un peu|un poil|un chouia|un brin|legerement|subtilement|doucement|un tantinet|un soupcon|une touche",
     "a bit|a little|a touch|a tad|slightly|subtly|gently|somewhat|a notch|just a little|mildly|kinda"),
    (1.5, "vraiment|tres|bien|sensiblement|clairement|davantage encore|franchement plus",
     "really|very|noticeably|quite|definitely|clearly|a good bit"),
    (2.0, "beaucoup|nettement|largement|fortement|serieusement|vachement|pas mal",
     "a lot|lots|much|significantly|heavily|seriously|a lot of|a whole lot|plenty|loads"),
    (2.5, "carrement|enormement|drastiquement|radicalement|beaucoup beaucoup|a outrance|de ouf", "way|tons|a ton|"
     "massively|hugely|drastically|dramatically|much much|way way|to death|to hell|to bits|to pieces"),
    (3.0, "a fond|au maximum|a mort", "to the max|all the way|maxed out"),
)
_FUNCTION_WORDS: tuple[Words, ...] = (
    # Negation of a verb ("ne baisse pas la voix": nothing to do), and "not ... enough".
    words("neg", "fr", "ne|n|pas|jamais|non"),
    words("neg", "en", "not|don t|do not|dont|never|doesn t|isn t|aren t|isnt|arent|didn t|won t|shouldn t|"
          "doesnt|does not|didnt|wont|shouldnt|is not|are not"),
    words("enough", "fr", "assez|suffisamment|suffisant|suffisante"),
    words("enough", "en", "enough|sufficiently"),
    # "trop forte par rapport au beat": the beat is the reference, not a target.
    words("ref", "fr", "par rapport a|par rapport au|par rapport aux|comparee a|compare a|face a|face au|vis a vis de|"
          "au dessus de|au dessus du|devant le|devant la"),
    words("ref", "en", "compared to|relative to|against|over the beat|over the music|above the beat|next to|"
          "in relation to|than the beat|than the music"),
    words("copula", "fr", "est|sont|sonne|sonnent|parait|paraissent|semble|semblent|c est|ca sonne|c etait|etait|"
          "devient|reste|trouve|fait|font|ca fait"),
    # Chat spellings of "c'est" and "je suis" ("c trop fort", "chui pas fan").
    words("copula", "fr", "c|ct|cest|sa sonne|chui|chuis|jsuis|jsui"),
    words("copula", "en", "is|are|sounds|sound|seems|seem|feels|feel|looks|s|was|were|gets|get|comes across"),
    words("prep", "fr", "sur|dans|de|du|des|d|a|au|aux|pour|avec|chez"),
    words("prep", "en", "on|in|to|for|of|from|with|at|across|on top of"),
    # "make it sound like a big hall": a wish, not a complaint about how it sounds.
    words("verb", "en", "sound like|sounds like|feel like|feels like|look like"),
    # ...but without a causative verb, a likeness describes the sound as it is ("the reverb
    # sounds like a tiny room": a state, whose fix goes the other way).
    words("copula", "en", "sound like|sounds like|feel like|feels like|look like|looks like|sounding like"),
    words("pronoun", "en", "it|them|its|their|those|that one"),
    words("verb", "fr", "rends|rendre|rend|rendez|mets|mettre|met|mettez|fais|faire|fait|faites|donne|donner|donnez|"
          "applique|appliquer|garde|garder|laisse|laisser|veux|voudrais|aimerais|peux|pourrais|pourrait|"
          "j aimerais|je veux|je voudrais|essaie|essaye|tente|ajuste|regle|regler|change|modifie|corrige|"
          "on veut|on voudrait|on aimerait|veut"),
    # Sending a track to an effect ("envoie-le dans la reverb", "send it to the delay").
    words("verb", "fr", "envoie|envoies|envoyer|envoyez"),
    # "les adlibs en mode far away": the way wanted (a wish, see CAUSATIVE_VERBS).
    words("verb", "fr", "en mode"),
    words("verb", "en", "send|sends"),
    words("verb", "en", "make|give|set|put|render|apply|get|keep|leave|want|like|could|can|would|try|adjust|change|"
          "fix|tweak|turn|bring|let|have|use"),
    words("verb", "en", "should|must|needs to|has to|ought to"),
    # A need of a state is a verb, not a second complaint ("la voix est derrière un mur, j'ai besoin
    # qu'elle soit présente" lowered the presence as "too present").
    words("verb", "fr", "besoin qu|besoin que|ai besoin qu|ai besoin que|faut qu|faut que|faudrait qu|faudrait que"),
    words("verb", "fr", "devrait|devraient|doit|doivent|pourraient|peut"),
    words("polite", "fr", "stp|svp|s il te plait|s il vous plait|merci|please|voila|ok|bon|alors|ensuite|aussi|"
          "encore|juste|peut etre|un truc|genre|quoi|hein|oui|bien sur|du coup|en fait|franchement"),
    # "cut everything below 90": a range of frequencies, not every track.
    # "harsh up top", "dull in the top end": where, not which way.
    words("polite", "en", "up top|at the top|up high"),
    # "right now the vocal is dull": now, not a side.
    words("polite", "en", "right now|right away|right off the bat|right here"),
    words("polite", "fr", "en haut|dans le haut"),
    # "sans arrêt": all the time, no "sans" that takes something away.
    words("polite", "fr", "sans arret|sans cesse|sans interruption|non stop"),
    # "it takes up all the space": occupying, not raising.
    words("polite", "en", "take up|takes up|taking up|took up|eat up|eats up|eating up"),
    words("polite", "en", "everything below|anything below|everything under|anything under|everything above|"
          "anything above|everything over"),
    words("polite", "en", "please|thanks|thank you|pls|plz|ok|okay|also|just|maybe|perhaps|again|still|then|now|"
          "overall sound|kind of|sort of|bit more|yeah"),
)
# Requests about the performance or the song, not the mix: pitch, tempo, writing.
_OUTSIDE: tuple[Words, ...] = (
    words("outside", "fr", "plus juste|chante juste|chanter juste|chante faux|chanter faux|fausse note|fausses notes|"
          "justesse|accorde|accorder|accordage|autotune|auto tune|tempo|plus vite|moins vite|ralentis|ralentir|"
          "accelere|accelerer|tonalite|transpose|transposer|ecris|ecrire|compose|composer|arrangement|rearrange"),
    words("outside", "en", "in tune|out of tune|off key|pitchy|pitch correct|pitch correction|autotune|auto tune|"
          "tempo|speed up|slow down|faster|slower|transpose|key change|write|compose|rewrite|rearrange|harmonize|"
          "harmonise"),
    # Pitch and feeling: not the console's ("pitch the vocal up a semitone", "hit harder emotionally").
    # (Not the lyrics: "on comprend pas les paroles" asks for an intelligible voice.)
    words("outside", "fr", "demi ton|demi tons|un ton|octave|emotion|emotions|emotionnellement|emotionnel"),
    # Timing: early or late on the beat is the take's, not the mix's ("la voix est en avance").
    # ("décale" pans; "behind the beat" is as often a masking: neither is timing here.)
    words("outside", "fr", "en avance|en retard|hors temps|pas en rythme|pas dans le temps"),
    words("outside", "en", "off beat|off time|out of time|ahead of the beat|late on the beat|"
          "early on the beat|off the grid|not on the grid"),
    words("outside", "en", "semitone|semitones|half step|octave|pitch up|pitch down|pitch it|pitch the|"
          "tune the|tune it|tune her|tune him|retune|emotionally|emotional|emotion|emotions"),
    # The tempo, effects the console has no unit for, noise removal (a restoration tool's job).
    words("outside", "fr", "bpm|bpms|flanger|flange|phaser|phasing|tremolo|vibrato|vocoder|bitcrusher|autopan|"
          "auto pan|bruit de fond|bruits de fond|reduction de bruit|debruiter|debruite|debruitage|"
          "debruiteur|denoise|denoiser|fade out|fade in|fadeout|fadein|fondu|fondu de sortie|fondu d entree|"
          "fondu enchaine"),
    # Editing the audio or making something else than a mix ("reverse the vocal", "un clip vidéo").
    words("outside", "fr", "a l envers|inverse|inverser|un clip|clip video|pochette"),
    words("outside", "en", "reverse|reversed|backwards|a clip|music video|cover art|the silence|silences|"
          "the breaths|breaths|breath noises"),
    words("outside", "fr", "le silence|les silences|les blancs|les respirations|respirations"),
    # The pitch of a performance ("vocal pitch is off, fix it"): tuning, not the console's.
    words("outside", "en", "pitch|pitch is off|pitch s off|pitchy|off pitch"),
    words("outside", "fr", "le pitch|la justesse|chante faux|faux"),
    words("outside", "en", "bpm|bpms|speed the|speed it|speed this|flanger|flange|phaser|phasing|tremolo|vibrato|"
          "vocoder|bitcrusher|bitcrush|autopan|auto pan|background noise|noise reduction|noise removal|"
          "denoise|denoiser|denoising|de noise|noise gate it|fade out|fade in|fadeout|fadein|crossfade"),
)
GRAMMAR_WORDS: tuple[Words, ...] = (
    *_CUES,
    *_OUTSIDE,
    *(w for factor, fr, en in INTENSITIES for w in (words("intensity", "fr", fr, factor),
                                                    words("intensity", "en", en, factor))),
    *_FUNCTION_WORDS,
)

# Cues that are adverbs, not verbs ("plus", "too", "down"): a clause with only these has no verb
# (it takes its target from the next clause's prepositional phrase: "less reverb and more delay
# on the adlibs").
ADVERB_CUES = frozenset({"plus", "moins", "more", "less", "too", "trop", "plus de", "moins de", "trop de", "up",
                         "down", "pas assez", "pas assez de", "not enough", "pas trop", "pas trop de", "davantage",
                         "too much", "over", "fewer", "extra", "higher", "lower", "no", "sans", "without",
                         "pas de", "pas d", "aucun", "aucune", "none", "zero", "excessive", "excess", "trop peu",
                         "trop peu de", "too little", "far too", "lacking", "missing", "minus", "more of",
                         "less of", "a bit much", "a little much", "a tad much", "bit much", "kinda much",
                         "a touch much", "a lil much", "un peu beaucoup", "un chouia trop", "un poil trop"})
# Negations proper (a "pas" in "pas de" is a cue, not a negation).
REAL_NEGATIONS = frozenset({"pas", "jamais", "not", "don t", "do not", "dont", "never", "doesn t", "isn t",
                            "aren t", "isnt", "arent", "didn t", "won t", "shouldn t", "non", "doesnt", "does not",
                            "didnt", "wont", "shouldnt", "is not", "are not"})
# Verbs after which a quality is wished, not complained of ("make the adlibs sound far away").
# ("fait"/"font" with a subject before them state how it sounds: "ça fait téléphone", "la voix fait carton".)
MODAL_VERBS = frozenset({"could", "should", "must", "needs to", "has to", "ought to", "devrait", "devraient",
                         "doit", "doivent", "pourrait", "pourraient"})
CAUSATIVE_VERBS = frozenset({"make", "makes", "rends", "rend", "rendre", "rendez", "fais", "faire", "render",
                             "mets", "mettre", "mettez", "put", "give", "donne", "donner",
                             "want", "veux", "voudrais", "aimerais", "i want", "i d like", "je veux",
                             "j aimerais", "je voudrais", "j voudrais", "jaimerais", "i would like", "i wish",
                             "on veut", "on voudrait", "on aimerait",
                             # "les adlibs en mode far away": the way wanted, not a complaint.
                             "en mode",
                             # Modals ask for what follows ("can the reverb sound like a tiny room?",
                             # "la reverb devrait sonner comme une grande salle").
                             *MODAL_VERBS})
# Ways a thing is said to sound: a wish, unless a copula states it ("les choeurs sont en mode loin").
STATED_WAYS = frozenset({"en mode"})
# Verbs that are causative only as a command ("get the kick to cut through"; "the vocals get
# lost" is a copula): at the clause's start or after "you"/"please"/"to".
COMMAND_CAUSATIVES = frozenset({"get", "can", "peux", "peut", "pourrais"})  # "can the reverb sound like...?"
COMMAND_LEADS = frozenset({"you", "please", "pls", "to", "u"})
# Cues that take away what was named ("rumble on the vocal, clean it up").
REMOVAL_CUES = frozenset({"filter it out", "filter that out", "filter them out", "clean it up", "clean them up",
                          "tidy it up", "clean up", "get rid of it", "fix it",
                          "nettoie", "nettoyer", "nettoie ca", "enleve ca", "vire ca", "regle ca"})
# Cues that compare ("plus forte que le beat", "louder than", "more ... than").
COMPARISON_CUES = frozenset({"plus", "moins", "more", "less", "plus de", "moins de"})
# Cues of degree ("trop", "too"): before a word the lexicon does not know, they grade that
# quality, not the level ("la voix est trop propre", "the beat is too busy").
DEGREE_CUES = frozenset({"trop", "too", "way too", "far too", "pas assez", "not enough", "trop peu", "too little"})
# Cues that ask for a quality, not a level ("needs more air"; "the vocal needs to sit better").
NEED_CUES = frozenset({"needs", "need", "besoin de", "manque", "manque de", "manquent", "manquent de", "lacks",
                       "lacking", "missing", "il faut", "faut", "faudrait", "il faudrait", "faut de", "faut du",
                       "faut des", "needs more", "need more"})
# "everything except the vocal", "tout sauf la voix": the tracks after these are left out.
EXCEPT_WORDS = frozenset({"except", "but", "sauf", "a part", "excepte", "hormis", "other than", "apart from",
                          "besides", "excluding", "minus"})
# Words for the whole mix that are adverbs next to another target ("too dark overall").
OVERALL_WORDS = frozenset({"overall", "global", "globale", "general", "generale", "ensemble", "globalement",
                           "in general", "en general"})
# Parts of a song: added, they are new material.
SECTION_WORDS = frozenset({"couplet", "couplets", "refrain", "refrains", "verse", "verses", "chorus", "intro",
                           "outro", "bridge", "pont", "solo", "drop", "breakdown", "fill", "melodie", "melody", "break",
                           "breaks", "interlude", "prechorus", "prerefrain"})
# Cues that create something ("add a drum fill"): with a track word followed by a word the
# lexicon does not know, the request is for new material, not a level.
CREATE_CUES = frozenset({"add", "ajoute", "rajoute", "ajouter", "rajouter", "ajoutez", "rajoutez", "adding"})
# Verbs whose particle "out" may come after their object and takes away ("take 4 dB out"; not
# "spread the piano out").
OUT_VERBS = frozenset({"take", "takes", "pull", "pulls", "get", "cut", "carve", "scoop", "suck", "filter", "sucks",
                       "sucked", "taken", "pulled", "scooped", "carved", "filtered"})
OUT_PARTICLES = frozenset({"out", "out of"})
# Questions that ask for information, not a change, when a clause opens on them ("how loud is
# the master?", "c'est quoi le bpm"); "why is the kick so quiet?" and "can you..." still ask.
INFO_QUESTIONS = frozenset({"how loud", "how much", "how many", "how wide", "how bright", "how long", "how big",
                            "what s", "what is", "what are", "which", "combien", "quel est", "quelle est",
                            "quels sont", "quelles sont", "c est quoi", "qu est ce que c est", "est ce que c est",
                            # "what LUFS is the master at?": a measure asked for.
                            "what lufs is", "what level is", "what volume is", "what ratio is", "what db is",
                            "what frequency is", "what loudness is", "what lufs are", "what level are",
                            "quel niveau", "quel volume", "a combien", "a quel niveau", "a quel volume"})
# A need denied: what follows it ("doesn't need more bass", "n'a pas besoin de plus d'aigus") is
# not asked for, and no way of moving it is.
DENIED_NEEDS = frozenset({"pas besoin de", "pas besoin d", "doesn t need", "doesnt need", "does not need",
                          "don t need", "dont need", "do not need", "no need for"})
# Words that ask for a shelf where "below"/"under" would otherwise mean the high-pass.
SHELF_WORDS = frozenset({"shelf", "shelve", "shelving", "plateau", "low shelf"})
# Verbs by which a track or an effect masks another ("le beat écrase les backs", "the reverb
# drowns the backs"): their subject is too loud.
MASKING_VERBS = frozenset({"noie", "noient", "ecrase", "ecrasent", "couvre", "couvrent", "masque", "masquent",
                           "mange", "mangent", "bouffe", "bouffent", "etouffe", "etouffent", "drowns", "drown",
                           "drowning", "buries", "bury", "burying", "masks", "mask", "masking", "covers",
                           "covering", "overpowers", "overpowering", "swamps", "swamping", "smothers",
                           "smothering", "gene", "genent", "derange", "derangent", "bothers", "bother", "fights", "fight",
                           "fighting", "clashes", "clashing", "step", "steps", "stepping", "eating", "eats",
                           "compete", "competes", "competing", "melange", "melangent", "empiete", "empietent",
                           "recouvre", "recouvrent", "cache", "cachent", "muddying", "muddies", "clouding", "shakes", "shaking", "rattles", "rattling",
                           "clouds", "smearing", "smears", "pollue", "polluent", "pollute", "pollutes", "polluting"})
# Subject pronouns opening a clause: the tracks after them are objects or places ("elle est
# enterrée sous le beat", "elle gêne la voix"); not "il", impersonal as often ("il manque des
# médiums dans la guitare", "il y a du souffle dans la voix").
SUBJECT_PRONOUNS = frozenset({"elle", "elles", "ils", "it", "she", "he", "they"})
# Before a masking verb, "il" is a track ("il gêne la voix").
MASKING_SUBJECTS = SUBJECT_PRONOUNS | {"il"}
# Past auxiliaries: a switch named after them tells what was done ("je l'avais muté").
PAST_AUXILIARIES = frozenset({"avais", "avait", "avions", "aviez", "avaient", "etait", "etaient", "had", "was",
                              "were", "been"})
# After a create cue, these before a track word ask for a new part ("ajoute une deuxième voix").
NEW_PART_WORDS = frozenset({"deuxieme", "second", "seconde", "troisieme", "third", "autre", "another", "new",
                            "nouvelle", "nouveau", "extra"})
# "noyée dans l'instru", "lost in the mix", "buried under the beat": a second target after these
# words places the first one; it is not a target of its own.
# Verbs of overflow, and the prepositions after them that name where it spills, not a target ("ça bave
# sur le 808", "it bleeds into the kick").
OVERFLOW_CUES = frozenset({"bave", "bavent", "baver", "deborde", "debordent", "degueule", "degueulent", "bleeds",
                           "bleeding", "spills", "spilling", "spills over", "overflows", "overflowing"})
SPILL_WORDS = frozenset({"sur", "dans", "into", "onto", "on", "over"})
PLACE_WORDS = frozenset({"dans", "in", "under", "sous", "behind", "derriere", "among", "parmi", "within", "inside",
                         "travers", "through", "over", "above", "with", "avec", "into"})
# Words before an amount of something ("manque de sub", "more bass").
AMOUNT_WORDS = frozenset({"de", "d", "du", "of", "more", "less", "plus", "moins", "some", "enough", "much", "lacks",
                          "lacking", "lack", "missing", "needs", "need", "manque", "manquent", "any", "extra"})
# Determiners that make the verb after them a noun ("the drop", "le boost à 3k"), and the degree
# words they do not ("the more", "le moins").
DEFINITE = frozenset({"the", "le", "la", "ce", "cette", "this", "that"})
DEGREE_WORDS = frozenset({"plus", "moins", "more", "less", "trop", "too", "most"})
# Words of satisfaction after a copula ("the de-esser is fine"): nothing asked.
SATISFIED = frozenset({"fine", "good", "great", "ok", "okay", "perfect", "nice", "cool", "parfait", "parfaite",
                       "nickel", "bien", "bon", "bonne", "top", "impeccable", "super", "ideal", "ideale"})
# Verbs of loss: followed by a place ("se perd dans la reverb"), they say there is too much of it.
LOSS_CUES = frozenset({"lost", "lose", "losing", "perd", "perdent", "perdu", "se perd", "se perdent"})
# Indefinite articles: "a song", "un morceau" is a kind of song, not the one being mixed.
INDEFINITE_ARTICLES = frozenset({"a", "an", "un", "une"})
# Articles and possessives between a preposition and the target it introduces.
ARTICLES = frozenset("la le les l the my ma mon mes ton ta tes your our notre nos ce cet cette ces this these "
                     "those un une a an some du des de d".split())

# Conjunctions that separate requests.
CONJUNCTIONS: frozenset[str] = frozenset({
    "et", "puis", "mais", "ensuite", "ainsi que", "tandis que", "alors que", "par contre", "sinon", "ou",
    "pi", "pis", "pi aussi", "et pi", "et pis",  # "puis" as said ("tro brillante pi tro forte")
    "and", "then", "but", "also", "plus also", "while", "whereas", "as well as", "and also", "et aussi",
})

# Conjunctions that join a second point to the first ("le clap est trop fort, et le shaker on
# l'entend pas": two complaints, not a consequence told after its cause).
JOINING_WORDS = frozenset({"et", "and", "mais", "but", "also", "aussi", "plus"})

# Discourse markers that add a second point ("la voix sonne loin et en plus elle siffle"): at the
# head of a clause, not followed by "de", they join requests and ask for no "more" themselves.
DISCOURSE_MARKERS: frozenset[str] = frozenset({
    "en plus", "de plus", "qui plus est", "en outre", "par ailleurs", "what s more", "on top of that",
    "moreover", "besides", "in addition", "additionally", "furthermore",
})

# Conjunctions that open a purpose ("pour qu'il s'entende", "so it cuts through"): what follows
# is why, not a second request.
PURPOSE_CONJUNCTIONS: frozenset[str] = frozenset({
    "pour que", "pour qu", "afin que", "afin qu", "histoire que", "histoire qu", "de sorte que", "de sorte qu",
    "so that", "so it", "so they", "so the", "in order to", "in order for", "so i can", "so we can",
})
# Making room in the mix is a purpose, not the reverb's room ("narrow it to make room").
PURPOSE_CONJUNCTIONS |= frozenset({"to make room", "to make space", "to leave room", "to leave space", "to free up space",
                                   "to clear space"})

# Words that carry no request (articles, pronouns, fillers): never "corrected" and, alone in a
# clause, not reported as not understood.
STOPWORDS: frozenset[str] = frozenset("""
la le les l un une des du de d et ou a au aux en sur dans pour par avec sans que qu qui quoi ce cette ces cet
c mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs je j tu il elle on nous vous ils elles me m
te t se s y ne n pas plus moins tres trop bien peu tout tous toute toutes ca cela ceci celle celui ici la-bas
muted unmuted mutee mutees demutee est sont etre avoir ai as avons avez ont fais fait font faut faudrait veux voudrais aimerais peux pourrais peut
merci stp svp oui non si comme quand parce encore juste vraiment aussi donc alors the a an and or of to in
on at for with by from is are it its this that these those my your our their i you he she we they me us
them be been was were do does did not no yes so too very just please can could would should will want like
need needs make get set put have has had some any all each every much many more less most least also then
but if as up down out off over into than let lets how what there here really thing things bit part parts
little lot piste pistes track tracks son sons sound sounds mix voix version moment passage refrain couplet
chorus verse intro outro hook drop section partie fois time times whole entire better best worse good bad
break breaks bridge pont interlude
great nice sit sits sitting feel vibe mieux meilleur meilleure pire bon bonne mauvais mauvaise beau belle trouve
trouves pense think sure want wants wanted work works fine okay right wrong same other autre autres than que
ceci tout toutes faire rendre today maybe probably bien trop assez jour
""".split())

# Everyday words the speller must leave alone although they are one letter away from a word of
# the lexicon ("around" is not "round", "dessous" is not "dessus", "love" is not "lose").
COMMON_WORDS: frozenset[str] = frozenset("""
closet closets cupboard placard bathroom garage church eglise tunnel stadium bedroom chambre
derniere dernier dernieres derniers precedente precedent ancienne ancien yesterday earlier previous
around about above below under over beneath near dessous dessus autour environ vers plutot rather instead
love loved hate want wanna gonna sound sounds sounding little great sweet song songs sing sings singing
voice piece rest right left hear heard hears listen listening tone tones ring rings band bands
make made take takes makes feel feels felt look looks like likes need needs needed sort kind keep
entend entends entendre ecoute ecouter fait faites trouve chose choses truc trucs peux veux voir
boucle boucles loop loops busy sample samples chop chops partie moment fois debut fin radio lofi
salut hello coucou bonjour bonsoir hey hi yo cool super parfait perfect nickel lol mdr ptdr bro mec frere wesh
pro pros professionnel professional boire bois eau water drink rappelle rapelle rappeler remind reminder
listened listen ecoute ecoutee honestly franchement basically actually vraiment still encore now maintenant
faster slower quicker tempo speed vitesse pitch tune tuned autotune melody melodie chords accords notes note bars
chanter chante chantez
mesures bpm key tonalite transpose quantize quantifie arrange arrangement structure remix export album cover
pochette week weeks weekend peek byte bytes site sites bone bones couette gentille gentil deal seal meal
team teams beer area areas zone possible possibly impossible able feasible both went innit bruv
redonne redonner redonnez redonnes pinch pincee dash last latest since vieux vieille vieilles
apres voici voila matin matins heure heures stage stages though rappeur rappeurs sorta
dis sais gars pote potes sick fire man soon lovely teste rendu later
ceux quelle quelles tot pause pourri pourrie looking making bare tien whose ever where word tire jsais
avait avaient chiant chiante chiants coeur coeurs telle telles ressentir ressens ressent ame
thinks groove grooves cause cos coz mates
vibes idk dunno boring bored bland generic cheap expensive pricey emotional amateurish suck sucks sucked sucking gone taken ptn putain chui chuis jsuis wsh tkt seulement uniquement only""".split())
# Instruments and sounds no role names: known words (never "corrected"), and a subject the mix
# does not have ("the trumpets are too loud").
OTHER_INSTRUMENTS: frozenset[str] = frozenset("""
harmonica violin violins violon violons cello cellos trumpet trumpets trompette trompettes sax saxophone flute flutes
chorale strings cordes horns cuivres accordion accordeon banjo ukulele harp harpe bells cloches whistle sifflet
brass tuba trombone clarinet clarinette oboe hautbois xylophone marimba cowbell tambourine tambourin
kazoo didgeridoo sitar tabla theremin ocarina glockenspiel vibraphone mandolin mandoline bagpipes cornemuse
djembe conga congas bongo bongos cajon triangle gong celesta harpsichord clavecin steelpan clap claps handclap
handclaps
""".split())

# Words that make an instruction French or English, beyond the lexicon's own words.
LANG_HINTS: dict[str, frozenset[str]] = {
    "fr": frozenset("la le les des du de et un une sur dans pour avec plus moins est sont voix trop peu tres "
                    "mets rends fais enleve baisse monte augmente ajoute je tu ma mon".split()),
    "en": frozenset("the a an and on in for with more less is are vocal vocals too make turn add remove "
                    "please it my i".split()),
}
