"""Words for what an artist may ask for: each descriptor's and each bus qualifier's phrases,
in French and English (data; see :mod:`.lexicon` for what the fields mean).

A word with polarity -1 means the opposite of its descriptor ("dull" for brightness); a
comparative carries its own "more" ("brighter"); a problem word named alone is a complaint
("boueuse"), so what it names is reduced.
"""

from __future__ import annotations

from mixdown_text_control.lexicon import Words, desc, qual


def _over(verbs: str, objects: str) -> str:
    """Every "<verb> <object>" phrase: what a track does to the voice ("couvre ma voix")."""
    return "|".join(f"{v} {o}" for v in verbs.split("|") for o in objects.split("|"))

QUALITY_WORDS: tuple[Words, ...] = (
    # Level of a track (or of the master when no track is named).
    desc("level", "fr", "volume|niveau|niveaux|gain|fader|fort|forte|forts|fortes|en avant|devant|au premier plan"),
    desc("level", "fr", "faible|faibles|discret|discrete|en retrait|derriere|en arriere|au fond", -1),
    desc("level", "fr", "noye|noyee|noyes|noyees|perdu|perdue|perdus|perdues|cache|cachee|enterre|enterree", -1,
         problem=True),
    desc("level", "fr", "plus bas|plus basse", -1, comparative=True),
    desc("level", "fr", "moins bas|moins basse", comparative=True),
    desc("level", "en", "volume|level|levels|gain|fader|loud|upfront|up front|forward|in front|on top"),
    desc("level", "en", "louder", comparative=True),
    desc("level", "en", "strong|heavy handed"),
    desc("level", "en", "stronger", comparative=True),
    desc("level", "en", "out front|out in front|out of the background", comparative=True),
    desc("level", "en", "quiet|soft|in the back|behind|laid back|laidback|blend|blend in|blends", -1),
    desc("level", "fr", "se fondre|se fonde|fondre|fonds|s integrer|s integre|se noyer dans l ensemble", -1),
    desc("level", "en", "sit on top|sits on top|on top of the beat|on top of the music|on top of the instrumental|"
         "above the beat|over the beat|over the music|sit on top of the beat|sits on top of the beat|"
         "sit on top of the music|sit on top of the instrumental|sit above the beat|sits above the beat"),
    desc("level", "fr", "au dessus de l instru|au dessus du beat|au dessus de la prod|au dessus de la musique|"
         "par dessus l instru|par dessus le beat|par dessus la prod"),
    desc("level", "en", "quieter|softer", -1, comparative=True),
    desc("level", "en", "buried|drowned|lost|hidden|swamped|weak|too weak|recessed|sunken|submerged", -1, problem=True),
    desc("level", "en", "fighting with|fights with|fighting the|clashing with|clashes with|competing with|"
         "competes with", problem=True),
    desc("level", "fr", "se bat avec|se battent avec|entre en conflit avec|en conflit avec|concurrence|"
         "mangent la voix|bouffe la voix|bouffent la voix|ecrasent la voix|couvrent la voix|masquent la voix|"
         "depasse|depassent|ressort trop|ressortent trop", problem=True),
    desc("level", "en", "sticking out|sticks out|stick out|jumps out|jumping out|poking out too much|"
         "slaps too hard|hits too hard|bangs too hard|knocks too hard|too hot|way too hot", problem=True),
    desc("level", "fr", "tape trop fort|tapent trop fort|cogne trop fort|cognent trop fort|tape trop", problem=True),
    # Taking up the room of everything else: too much of it.
    desc("level", "fr", "prend tout l espace|prennent tout l espace|prend trop d espace|prennent trop d espace|"
         "prend tt l espace|prend tout lespace|prend tt lespace|occupe tout l espace|occupent tout l espace",
         problem=True),
    desc("level", "fr", "prend toute la place|prennent toute la place|prend trop de place|prennent trop de place|"
         "bouffe toute la place|mange toute la place|envahit tout|envahissant|envahissante", problem=True),
    desc("level", "en", "takes up all the space|takes all the space|takes up too much space|takes up too much room|"
         "takes up all the room|hogs the space|hogging the space|too much space|all the space|all the room|"
         "too much room", problem=True),
    desc("level", "en", "disappears|disappear|vanishes|gets lost|gone|all gone|disappeared|vanished", -1, problem=True),
    desc("level", "fr", "a disparu|ont disparu|disparu|disparus|disparue|disparues|envole|envoles|envolee|envolees",
         -1, problem=True),
    desc("level", "fr", "disparait|disparaissent|on l entend plus|on les entend plus|on entend plus|on n entend plus|"
         "on ne l entend plus|on ne les entend plus|on ne entend plus", -1,
         problem=True),
    desc("level", "fr", "on entend pas|on l entend pas|on les entend pas|on n entend pas|on entend rien|"
         "on entend a peine|inaudible|inaudibles", -1, problem=True),
    desc("level", "en", "can t hear|cant hear|cannot hear|can barely hear|hard to hear|inaudible", -1, problem=True),
    desc("level", "en", "barely audible|hardly audible|barely there|can hardly hear|not audible", -1, problem=True),
    desc("level", "fr", "a peine audible|peu audible|pas audible|presque inaudible", -1, problem=True),
    # "l'instru écrase la voix": the subject is too loud.
    desc("level", "fr", _over("ecrase|ecrasent|couvre|couvrent|masque|masquent|mange|mangent|bouffe|bouffent|noie|"
                              "noient|etouffe|etouffent", "la voix|les voix|ma voix|mes voix|le chant|le vocal"),
         problem=True),
    desc("level", "en", _over("drowns|drowns out|drown out|masks|covers|overpowers|buries|swamps|overpowering|"
                              "drowning|drowning out|burying|masking|covering|stepping on|steps on|fighting|"
                              "clashing with|eats|eating", "the vocal|the vocals|the voice|my voice|my vocals|"
                              "my vocal|the lead|the singer|the rap"), problem=True),
    desc("loudness", "fr", "loudness|lufs|niveau global|niveau general|volume global|volume general|volume du master|"
         "niveau du master|sonie"),
    desc("loudness", "en", "loudness|lufs|overall level|overall volume|master volume|master level"),
    desc("mute", "fr", "mute|mutes|muter|coupe le son", comparative=True),
    desc("mute", "fr", "demute|remets|remettre|reactive|rallume|rallumer|rallumez|reallume", -1, comparative=True),
    desc("mute", "en", "mute|muting|silence|silencing", comparative=True),
    desc("mute", "en", "unmute|bring back|put back|turn back on|switch back on", -1, comparative=True),
    desc("brightness", "fr", "aigus|aigu|aigue|aigues|brillance|brillant|brillante|brillants|brillantes|eclat|"
         "eclatant|eclatante|hautes frequences|haut du spectre|brille|scintillant|petillant|petillante"),
    desc("brightness", "fr", "eclaircis|eclaircir|eclaircit", comparative=True),
    desc("brightness", "fr", "sombre|sombres|fonce|foncee", -1),
    desc("brightness", "fr", "terne|ternes|sourd|sourde|etouffe|etouffee|etouffes|etouffees|mat|mate|feutre|"
         "feutree", -1, problem=True),
    desc("brightness", "fr", "assombris|assombrir|assombrit", -1, comparative=True),
    desc("brightness", "en", "treble|highs|high end|top end|high frequencies|bright|brightness|sparkle|sparkly|"
         "shine|shiny|crisp|crispness|crispy|brilliance|top|crack|sizzle on top|shimmer|shimmery|sheen|gloss|"
         "glossy|sparkling|sizzle|click|clicky|clic"),
    desc("brightness", "fr", "ouvre le haut|ouvre les aigus|ouvrir le haut|ouvre le haut du spectre", comparative=True),
    desc("brightness", "en", "open up the top|open up the highs|open the top end|open up the top end",
         comparative=True),
    desc("brightness", "en", "brighter|crisper|brighten", comparative=True),
    desc("brightness", "en", "high shelf|treble shelf|high shelf gain"),
    desc("brightness", "fr", "shelf aigu|plateau aigu|high shelf"),
    desc("brightness", "en", "dark|darkness", -1),
    desc("brightness", "en", "dull|muffled|dead|lifeless|veiled", -1, problem=True),
    desc("brightness", "en", "top heavy|too much top", problem=True),
    # Hiss is broadband noise up top: a high shelf's work, not the de-esser's.
    desc("brightness", "en", "hiss|hissy noise|tape hiss|noise floor hiss", problem=True),
    desc("brightness", "fr", "souffle de bande|bruit de fond aigu", problem=True),
    desc("brightness", "fr", "voile|voilee|voiles|voilees", -1, problem=True),
    desc("brightness", "en", "darker|darken|duller", -1, comparative=True),
    desc("air", "fr", "air|aerien|aerienne|aeriens|aeriennes|souffle|ouverture|ouvert|ouverte|aere|aeree|aeres|"
         "aerees"),
    desc("air", "en", "air|airy|breathy|breath|openness|open"),
    desc("air", "en", "airier", comparative=True),
    desc("presence", "fr", "presence|present|presente|presents|presentes|clarte|clair|claire|clairs|claires|"
         "intelligible|intelligibilite|articulation|definition|defini|definie|mordant|precision|precis|precise|"
         "nettete|nette|net"),
    desc("presence", "en", "presence|present|clarity|clear|intelligible|intelligibility|definition|defined|"
         "articulation|bite|cut through|cuts through|upfront presence"),
    desc("presence", "en", "clearer", comparative=True),
    desc("presence", "fr", "passe a travers|passe au travers|perce|percer|ressort|sort du lot|se detache|detache|"
         "mieux passer|passe mieux|passer mieux|passe bien"),
    desc("presence", "fr", "passe mal|passe pas bien|ressort mal|on l entend mal|s entend mal|"
         "passe pas a travers|passe pas au travers|perce pas|ressort pas|se detache pas|"
         "comprend pas|on comprend pas|on comprend rien|incomprehensible|incomprehensibles", -1, problem=True),
    desc("presence", "en", "hard to understand|can t understand|cant understand|cannot understand|unintelligible|"
         "hard to make out|can t make out", -1, problem=True),
    desc("presence", "en", "pop|pop out|stand out|stands out|poke through|pokes through|cut through the mix"),
    # How near the source sounds: level, less reverb, presence band.
    desc("closeness", "fr", "proche|proches|pres|intime|intimiste|intimite|dans la face|collee|colle au micro"),
    desc("closeness", "fr", "rapproche|rapprocher|rapprochez|rapproches|avance|avancer|avancez|fais avancer|"
         "ramene devant|ramene la devant|ramene le devant|mets devant|mets la devant|mets le devant", comparative=True),
    desc("closeness", "fr", "loin|lointain|lointaine|lointains|lointaines|distant|distante|distants|distantes|"
         "au loin|eloignee|eloignees", -1, problem=True),
    desc("closeness", "fr", "eloigne|eloigner|eloignez|recule|reculer|reculez", -1, comparative=True),
    desc("closeness", "fr", "au fond de la piece|au fond de la salle|au fond du couloir", -1,
         problem=True),
    desc("closeness", "en", "close|intimate|intimacy|in your face|in ur face|upclose|up close"),
    desc("closeness", "en", "closer|nearer", comparative=True),
    desc("closeness", "en", "far|far away|distant|far back|too far back|remote|far off|in another room|at the back of the room|"
         "in the back of the room|at the back of the hall|"
         "from another room|in the next room|far from the mic|off mic", -1, problem=True),
    desc("closeness", "fr", "dans une autre piece|dans la piece d a cote|loin du micro|hors micro", -1,
         problem=True),
    # Far places: the next room, across a room, miles off.
    desc("closeness", "en", "next door|from next door|across the room|from across the room|other side of the room|"
         "miles away|a mile away|in the distance|down the hall|down the hallway|in the hallway|in the corridor|"
         "from outside|outside the room|in the background|in another building|in the other room|from the other room|"
         "in another house|down the street|behind a door|behind the door|through a wall|through the wall|"
         "from the back of the room|the back of the room|from the back of the hall", -1,
         problem=True),
    desc("closeness", "fr", "chez le voisin|chez les voisins|a l autre bout de la piece|"
         "au bout du couloir|dans le couloir|a des kilometres|a des km|a l exterieur|dans l autre piece|"
         "derriere une porte|derriere la porte|a travers le mur|dans la rue|d une autre piece|d une autre salle|"
         "de la piece d a cote|du fond de la salle|du fond de la piece", -1, problem=True),
    # Near the listener's own body: close (as a wish; "too in my face" is too close).
    desc("closeness", "en", "in my face|right in my face|in front of me|right in front of me|in my ear|in my ears|"
         "whispering in my ear|whispering in your ear|in your ear|right next to me|next to me|right here with me|"
         "in the room with me|in the room with us"),
    desc("closeness", "en", "more near|nearer to me|closer to me|closer to us|more up close", comparative=True),
    desc("closeness", "fr", "devant moi|juste devant moi|a cote de moi|juste a cote de moi|avec moi dans la piece|"
         "dans la piece avec moi"),
    desc("closeness", "fr", "plus pres de nous|plus pres de moi|vers nous|vers moi", comparative=True),
    # Back in the depth of the picture: too far.
    desc("closeness", "fr", "dans le fond|tout au fond|dans le fond du mix|au fond du mix|en fond", -1, problem=True),
    desc("closeness", "en", "in another room|in a different room|in the room next door|from the next room|"
         "through a door", -1, problem=True),
    # At the back of any place ("at the back of the church"), so many metres or feet away.
    desc("closeness", "en", "at the back of the|at the back of a|in the back of the|from the back of the|"
         "at the far end of the|meters away|metres away|feet away|yards away|meters from me|metres from me|"
         "feet from me|meters from the mic|feet from the mic", -1,
         problem=True),
    desc("closeness", "fr", "au fond de l|au fond de la|au fond d un|au fond d une|au fond du|au fond des|a l autre bout de|"
         "metres de moi|metres du micro|metres de nous|metre de moi|kilometres|km", -1, problem=True),
    desc("closeness", "en", "distance", -1),
    desc("closeness", "fr", "distance", -1),
    # Sung over the record rather than in it: too much presence.
    desc("presence", "fr", "karaoke|fait karaoke|fais karaoke|ca fait karaoke|effet karaoke|colle par dessus|"
         "posee par dessus", problem=True),
    desc("presence", "en", "karaoke|sounds like karaoke|pasted on top|pasted on|stuck on top", problem=True),
    desc("closeness", "en", "further|further back|back further|farther|farther back|more distant", -1,
         comparative=True),
    desc("harshness", "fr", "dur|dure|durs|dures|durete|agressif|agressive|agressifs|agressives|agressivite|"
         "criard|criarde|criards|criardes|strident|stridente|stridents|stridentes|percant|percante|pique|"
         "qui pique|tranchant|tranchante|acide|metallique|fatigant|fatigante|agresse|fait mal aux oreilles|"
         "ca pique|piquent|piquent les oreilles|pique les oreilles|me piquent les oreilles|me pique les oreilles|"
         "vrille les oreilles|vrillent"),
    desc("harshness", "fr", "doux|douce|douces|douceur|rond et doux", -1),
    # Too well-behaved to bite: the upper mids are missing ("trop gentille", "too polite").
    desc("harshness", "fr", "gentille|gentil|gentilles|gentils|polie|poli|polies|polis", -1),
    desc("harshness", "en", "polite|too nice|too clean and polite", -1),
    desc("harshness", "fr", "adoucis|adoucir|adoucit|adoucissez|lisse|lisser|lisses", -1, comparative=True),
    desc("harshness", "en", "harsh|harshness|piercing|strident|shrill|brittle|abrasive|aggressive|aggression|"
         "edgy|sharp|sharpness|fatiguing|ear piercing|spiky|painful|hurts my ears|hurt my ears|hurts the ears"),
    # Sharp noises of the top end: too much of it.
    desc("harshness", "en", "screechy|screeching|screechiness|squeaky|squeaking|clicky|clicking|too clicky|"
         "ice pick|icepick|icepicky|shrieking|shrieky", problem=True),
    desc("harshness", "fr", "qui crisse|crisse|crissent|grince|grincent|grincant|grincante|clique|cliquent|"
         "trop clicky", problem=True),
    desc("harshness", "en", "harsher", comparative=True),
    # Fizz is a harsh, buzzing top (of a distorted guitar or synth): too much of it, never less drive.
    desc("harshness", "en", "fizzy|fizz|fizzing|fizzes|too fizzy", problem=True),
    # Idioms of pain: the sound is too harsh.
    desc("harshness", "fr", "perce les oreilles|percent les oreilles|vrille les oreilles|vrillent les oreilles|"
         "fait mal aux oreilles|font mal aux oreilles|casse les oreilles|cassent les oreilles|"
         "agresse les oreilles|agressent les oreilles|arrache les oreilles|saigner les oreilles", problem=True),
    desc("harshness", "en", "hurts my ears|hurts the ears|hurt my ears|pierces my ears|pierce my ears|"
         "ear piercing|earpiercing|kills my ears|makes my ears bleed|stabs my ears", problem=True),
    desc("harshness", "en", "smooth|mellow|sweet|silky", -1),
    desc("harshness", "en", "smoother|mellower|soften|smooth out|sweeter", -1, comparative=True),
    desc("sibilance", "fr", "sibilance|sibilances|sibilant|sibilante|sibilants|sibilantes|sifflante|sifflantes|"
         "sifflant|sifflants|sifflement|sifflements|siffle|sifflent|les s|des s|les ss|chuintante|chuintantes|"
         "s qui sifflent|trop de s|trop d s|de s|sss|ssss|sssss"),
    desc("sibilance", "fr", "moins de s|moins d s|moins les s", -1, comparative=True),
    desc("sibilance", "fr", "de esser|deesser|de esseur|deesseur|de essing|deessing", -1, tool=True),
    desc("sibilance", "fr", "de esse|deesse|de esses", -1, comparative=True),
    desc("sibilance", "en", "sibilance|sibilant|sibilants|esses|ess|the s s|s s|the s|hissing|hissy|"
         "ss sounds|s sounds|sss|ssss|sssss|essy|ssy|too essy"),
    desc("sibilance", "en", "lispy|lisps|lisping|lisp", -1, problem=True),
    # The singer's own esses, named with a possessive ("je perds mes s", "my s sounds").
    desc("sibilance", "fr", "mes s|tous mes s|mes ss|mes sifflantes"),
    desc("sibilance", "en", "my s|my ss|my esses|my s s|all my s|all my esses"),
    desc("sibilance", "fr", "zozote|zozotte|zozotent|zozottent|zezaie|zezaient|cheveu sur la langue", -1, problem=True),
    desc("sibilance", "en", "de esser|deesser|de essing|deessing", -1, tool=True),
    desc("sibilance", "en", "de ess|deess", -1, comparative=True),
    desc("mud", "fr", "boue|boueux|boueuse|boueuses|bas mediums|bas medium|bas mids|medium grave|mediums graves|"
         "bas des mediums|pateux|pateuse|carton|cartonneux|cartonneuse|confus|confuse|brouillon|bouche|encombre|"
         "encombree|charge|chargee|boite|dans une boite|en carton"),
    desc("mud", "en", "mud|muddy|muddiness|low mids|low mid|lowmids|low middle|lower mids|lower mid|lower midrange|lower middle|boxy|boxiness|murky|woolly|"
         "cloudy|congested|cardboard|boomy mids|in a box|inside a box|muddying|muddies|muddying up|muddies up|"
         "mushy|mush|tubby|wooly|woolly|smeared|blurry|"
         "muddying up the mix|muddies up the mix|muddying the mix|clutters the mix|cluttering the mix|cluttered"),
    desc("mids", "fr", "mediums|medium|mids|haut medium|milieu du spectre"),
    desc("mids", "fr", "nasal|nasale|nasals|nasales|nasillard|nasillarde|nasillards|nasillardes|nez|telephone",
         problem=True),
    desc("mids", "en", "mids|midrange|mid range|middle"),
    desc("mids", "en", "nasal|nasally|honky|honk|telephone|hornlike", problem=True),
    desc("mids", "en", "scooped|hollowed out|no mids", -1, problem=True),
    desc("mids", "en", "mid heavy|midrangey|midrange heavy|too much midrange|honky mids", problem=True),
    # Hollow where the middle should be: the mids are missing (not the low end).
    desc("mids", "en", "hollow in the middle|hollow in the mids|hollow in the midrange|hollow mids|hollow midrange|"
         "scooped mids|scooped out|mid scooped|scooped in the middle|missing mids|no middle", -1, problem=True),
    desc("mids", "fr", "creux dans les mediums|creux au milieu|creux dans le milieu|creuse au milieu|"
         "mediums creuses|mediums creux|manque de mediums|sans milieu", -1, problem=True),
    desc("mids", "fr", "creuse dans les mediums|sans mediums", -1, problem=True),
    desc("body", "fr", "corps|basses|graves|grave|bas du spectre|rondeur|rond|ronde|ronds|rondes|epaisseur|epais|"
         "epaisse|epaisses|plein|pleine|pleins|pleines|gras|grasse|poids|assise|sub|subs|basse frequence|"
         "basses frequences|lourd|lourde|chaud en bas|plenitude"),
    desc("body", "fr", "epaissis|epaissir|epaissit|arrondis|arrondir|nourris|nourrir|engraisse|engraisser",
         comparative=True),
    desc("body", "fr", "degraisse|degraisser|degraissez|amaigris|amaigrir", -1, comparative=True),
    desc("body", "fr", "le bas|dans le bas|du bas|en bas"),
    # The English word in a French sentence, after an amount ("moins de low", "trop de lows").
    desc("body", "fr", "du low|d low|des lows|les lows|le low end|du low end"),
    desc("body", "fr", "plus de low|plus de lows|plus de low end|manque de low|manque de lows", comparative=True),
    desc("body", "fr", "moins de low|moins de lows|trop de low|trop de lows|moins de low end", -1, comparative=True),
    # "le kick manque de bas": after a need cue, "bas" is the low end, not "lower".
    desc("body", "fr", "manque de bas|manquent de bas|pas assez de bas|besoin de bas|plus de bas", comparative=True),
    desc("body", "fr", "moins de bas|trop de bas", -1, comparative=True),
    desc("mud", "fr", "le bas medium|le bas mediums|du bas medium|du bas mediums|les bas mediums|dans le bas medium|"
         "le bas mid|les bas mids"),
    desc("mud", "fr", "bouillie|soupe|puree|brouillasse", problem=True),
    desc("body", "fr", "boum|bourdonne|bourdonnant|bourdonnante|boomy|gronde|grondent|grondant|grondante", problem=True),
    desc("body", "en", "body|low end|lows|low frequencies|bottom|bottom end|weight|thick|thickness|fat|full|"
         "fullness|round|warm low end|subs|sub|heavy|beef|beefy|chunky"),
    desc("body", "en", "thicker|fatter|fuller|thicken|heavier|beefier|rounder|fill out|deeper", comparative=True),
    desc("body", "en", "deep"),
    desc("body", "en", "low shelf|bass shelf|low shelf gain"),
    desc("body", "fr", "shelf grave|plateau grave|low shelf"),
    desc("body", "en", "boomy|boom|boominess|bottom heavy|too much bottom|woofy|subby", problem=True),
    # A tin can's sound: no low end ("tinny", "sonne en boîte de conserve").
    desc("body", "en", "tinny|tin can|like a tin can", -1, problem=True),
    desc("body", "fr", "boite de conserve|comme une boite de conserve", -1, problem=True),
    desc("body", "en", "lowend|lowends|low ends"),
    # A low end that shakes things or growls is too much of it.
    desc("body", "en", "rattling|rattles|rattle|growl|growls|growling|growly|flabby low end", problem=True),
    desc("body", "fr", "grogne|grognent|grognon|fait trembler|trembler les murs", problem=True),
    desc("thin", "fr", "fin|fine|fins|fines|finesse|mince|minces|maigre|maigres|leger|legere|legers|legeres|"
         "aigrelet|aigrelette|creux|maigrichon|maigrichonne|maigrichons|maigrichonnes|maigrelet|maigrelette|"
         "chetif|chetive|rachitique|famelique"),
    desc("thin", "fr", "affine|affiner|allege|alleger|amincis|amincir", comparative=True),
    desc("thin", "fr", "vide|vides|sonne vide", problem=True),
    desc("thin", "en", "empty|sounds empty", problem=True),
    desc("thin", "en", "thin|thinness|skinny|lightweight|hollow|scrawny|weedy|wimpy|puny"),
    desc("thin", "en", "thinner|thin out|slim down", comparative=True),
    desc("hpf", "fr", "filtre|filtrer|filtrez|coupe bas|coupe basse|passe haut|filtre passe haut|hpf|filtre coupe bas|filtre le bas|"
         "filtrer le bas|filtre les basses|filtre le grave|filtre les graves"),
    desc("hpf", "en", "high pass|highpass|hi pass|hipass|hi pass filter|hpf|low cut|lowcut|high pass filter|roll off the low end|"
         "roll off the lows|roll off the bottom|filter the lows|filter out the lows"),
    # Rumble is what a high-pass removes: named alone, it asks for a higher cutoff.
    desc("hpf", "fr", "rumble|grondement|grondements|ronflement|bruit de fond grave", -1, problem=True),
    desc("hpf", "en", "rumble|rumbly|rumbling|low rumble|subsonic", -1, problem=True),
    desc("warmth", "fr", "chaleur|chaud|chaude|chauds|chaudes|analogique|vintage|velours|veloute|veloutee|"
         "cocon|cosy|organique"),
    desc("warmth", "fr", "rechauffe|rechauffer|rechauffes|rechauffez", comparative=True),
    desc("warmth", "fr", "chaleureux|chaleureuse|chaleureuses|chaleureusement"),
    desc("warmth", "fr", "froid|froide|froids|froides|clinique|numerique|sterile|glacial|glaciale", -1),
    desc("warmth", "en", "warm|warmth|analog|analogue|vintage|cozy|organic|tape|velvety"),
    desc("warmth", "en", "warmer|warm up|warm it up", comparative=True),
    desc("warmth", "en", "cold|clinical|digital|sterile|icy", -1),
    desc("warmth", "en", "colder", -1, comparative=True),
    desc("saturation", "fr", "saturation|sature|saturee|satures|saturees|saturer|distorsion|distordu|distordue|"
         "disto|grain|crunch|crade|sale|drive|overdrive|harmoniques|rugueux|rugueuse|rugosite|sat"),
    desc("saturation", "fr", "salis|salir|salit", comparative=True),
    desc("saturation", "en", "saturation|saturated|distortion|distorted|dist|drive|overdrive|crunch|crunchy|grit|"
         "gritty|dirt|dirty|fuzz|fuzzy|harmonics|grain|grainy|rough|raw|sat"),
    # An edge is upper-mid bite, the band that "edgy" and "harsh" name.
    desc("harshness", "en", "edge|bite in the highs"),
    desc("saturation", "en", "dirtier|grittier|rougher|saturate|distort|dirty up|rough up|crunchier|fuzzier",
         comparative=True),
    desc("saturation", "en", "distorts|distorting|clipping|clips|breaks up|crackles|crackling", problem=True),
    desc("saturation", "fr", "sature|saturent|grésille|gresille|craque|clippe|clip|crache|crachent|ca crache",
         problem=True),
    desc("compression", "fr", "compression|compresseur|compresse|compressee|compresses|compressees|"
         "comprime|comprimee|ecrase|ecrasee|ecrases|ecrasees|tasse|tassee|tenue|tenu|"
         "controle|controlee|constant|constante|regulier|reguliere|stable|homogene|egal|egale|egalise"),
    desc("compression", "fr", "dynamique|dynamiques|vivant|vivante|naturel|naturelle|respire|respirer|souffler",
         -1),
    desc("compression", "en", "compression|compressor|compressed|squash|squashed|squashy|controlled|"
         "control|consistent|steady|tight|tighter|smashed|smash|crushed|limited"),
    desc("compression", "fr", "ratio|taux de compression"),
    # The engineers' short word for the compressor ("moins de comp", "less comp on the vocal").
    desc("compression", "fr", "comp|la comp|le comp|compresso"),
    desc("compression", "en", "comp|comps|compressing"),
    desc("threshold", "fr", "seuil|seuil du compresseur|seuil de compression|threshold"),
    desc("threshold", "en", "threshold|compressor threshold|comp threshold"),
    desc("compression", "en", "ratio|compression ratio"),
    desc("compression", "en", "dynamic|dynamics|dynamic range|natural|breathe|breathing|alive|lively|breathing room|"
         "room to breathe", -1),
    desc("compression", "en", "tighten|tighten up|tighten it up|compress", comparative=True),
    # Verbs that only ask for more of it, whatever asked before ("baisse l'instru et compresser la voix").
    desc("compression", "fr", "compresser|comprimer|ecraser", comparative=True),
    desc("compression", "en", "loose|looser|sloppy|floppy", -1, problem=True),

    # Pumping is what too much compression does to a track or the bus.
    desc("compression", "en", "pumping|pumps|pump|pumpy|pumping and breathing", problem=True),
    # Over-compressed is too much of it said in one word ("vocal is overcompressed", "surcompressée").
    desc("compression", "en", "overcompressed|over compressed|overcompression|over squashed|overcooked", problem=True),
    desc("compression", "fr", "surcompresse|surcompressee|surcompresses|surcompressees|surcompression|"
         "trop comprime|trop comprimee", problem=True),
    desc("compression", "fr", "pompe|pompent|ca pompe", problem=True),
    desc("compression", "en", "jumps around|jumps|jumping around|all over the place|inconsistent|uneven|"
         "up and down", -1, problem=True),
    desc("compression", "fr", "bouge trop|ca bouge|part dans tous les sens|irregulier|irreguliere|inegal|inegale",
         -1, problem=True),
    # A level that goes up and down wants holding: more compression.
    desc("compression", "fr", "yoyo|fait le yoyo|fait du yoyo|monte et descend|monte et redescend|en dents de scie",
         -1, problem=True),
    desc("compression", "en", "yoyo|yo yo|goes up and down|all over the place in volume", -1, problem=True),
    desc("compression", "fr", "tiens la|tiens le|tiens les|tenir|tiens la mieux|maintiens|maintenir", comparative=True),
    desc("compression", "en", "hold it|hold it steady|keep it steady|even it out|even out", comparative=True),
    desc("punch", "fr", "punch|punchy|peche|pechu|pechue|pechus|patate|percutant|percutante|percutants|percussif|"
         "percussive|impact|claque|claquant|claquante|attaque|frappe|qui tape|tape|nerveux|nerveuse|energie|"
         "energique|dynamisme"),
    desc("punch", "fr", "mou|molle|mous|molles|flasque|plat|plate|sans vie|mollasson", -1),
    desc("punch", "en", "punch|punchy|impact|snap|snappy|slap|attack|hard hitting|energy|"
         "energetic|drive hard|knock|thump|transients|hitting|hit hard|hits hard|hitting hard"),
    desc("punch", "en", "punchier|snappier|hit harder|hits harder|knock harder", comparative=True),
    desc("punch", "en", "limp|flat|lifeless|weak sounding|flabby|soft punch", -1),
    desc("reverb", "fr", "reverb|reverbe|reverbs|reverberation|verb|rev|espace|ambiance|mouille|mouillee|"
         "profondeur|hall|plate|salle|spatialisation|envoi reverb|envoi de reverb|depart reverb"),
    desc("reverb", "fr", "sec|seche|secs|seches|sechement|mat et sec", -1),
    desc("reverb", "fr", "baigne|baigne dans|baignent|baignent dans|baignee|baignee dans|baignes|baignees|nage dans|"
         "nagent dans|noyes dans la reverb|noyees dans la reverb|noye dans la reverb|noyee dans la reverb|salle de bain|"
         "salle de bains|dans une eglise|dans une cave|resonne|resonnent|caverneux|caverneuse|"
         "etouffee par la reverb|etouffe par la reverb|noyee par la reverb|noyee dans la reverb",
         problem=True),
    desc("reverb", "en", "swimming|swimming in|drenched|drenched in|soaked|soaked in|washed out|washy|roomy|"
         "bathroom|in a bathroom|in a church|in a cave|cavernous|echoey|echoy|resonates too much|"
         "muffled by the reverb|drowned by the reverb|drowned in reverb|buried in reverb|lost in the reverb|"
         "washed out by the reverb", problem=True),
    # A resonance is a frequency to cut: with the frequency named, that band goes down.
    desc("band", "fr", "resonance|resonances|une resonance|frequence qui resonne", problem=True),
    desc("band", "en", "resonance|resonances|resonant frequency|ringing frequency|ringing", problem=True),
    # So is a bump in the response ("une bosse vers 1k", "a hump around 300"; not "a bump", which is also a boost).
    desc("band", "fr", "bosse|une bosse|des bosses|pic|un pic|des pics|accumulation|une accumulation|bourrelet|"
         "surplus|exces", problem=True),
    desc("band", "en", "hump|a hump|humps|a peak|peaks|spike|a spike|spikes|build up|buildup|"
         "a build up|a buildup|pileup|pile up", problem=True),
    desc("reverb", "en", "roomier", comparative=True),
    desc("reverb", "fr", "asseche|assecher|asseches", -1, comparative=True),
    desc("reverb", "en", "lush|lushness"),
    desc("reverb", "en", "lusher", comparative=True),
    desc("reverb", "en", "reverb|reverbs|reverberation|verb|space|spacious|ambience|ambiance|wet|depth|hall|"
         "plate|reverb send|room sound"),
    desc("reverb", "en", "wetter", comparative=True),
    desc("reverb", "en", "dry|dryness", -1),
    desc("reverb", "en", "drier|dryer|dry up|dry out", -1, comparative=True),
    desc("delay", "fr", "delay|delays|delai|delais|echo|echos|ping pong|envoi delay|envoi de delay|depart delay|"
         "slapback|dly"),
    desc("delay", "en", "delay|delays|echo|echoes|echos|ping pong|slapback|delay send|delay throw|throws|dly"),
    desc("width", "fr", "largeur|large|larges|stereo|ample|amples|ampleur|espace stereo|image stereo|spatial"),
    desc("width", "fr", "elargis|elargir|elargit|elargissez|ouvre|ouvrir|ecarte|ecarter", comparative=True),
    desc("width", "fr", "etroit|etroite|etroits|etroites|mono|serre|serree|serres|serrees", -1),
    desc("width", "fr", "resserre|resserrer|resserrez|retrecis|retrecir", -1, comparative=True),
    desc("width", "en", "width|wide|stereo|stereo width|spread|stereo image|spacious image|stereo field"),
    desc("width", "en", "wider|widen|broaden|spread out|to the sides|on the sides|out to the sides|hard panned",
         comparative=True),
    desc("width", "fr", "sur les cotes|sur les côtés|aux extremites|sur les bords", comparative=True),
    desc("width", "en", "narrow|mono", -1),
    # Taking the whole stereo field is too wide.
    desc("width", "fr", "prend toute la largeur|prend toute la stereo|prend tout l espace stereo|"
         "prennent toute la largeur|prennent toute la stereo|prennent tout l espace stereo|prend trop de largeur|"
         "prennent trop de largeur|" + _over("prend|prennent|bouffe|bouffent|mange|mangent", "toute la place sur les cotes|"
         "trop de place sur les cotes|toute la place en stereo|trop de place en stereo") + "|envahit les cotes|"
         "envahissent les cotes|"
         "deborde partout dans la stereo|partout dans la stereo", problem=True),
    desc("width", "en", "takes up the whole stereo field|takes up all the width|take up the whole stereo field|"
         "takes up the whole width|" + _over("takes up|take up|taking up|fills|fill|filling", "the whole stereo image|"
         "the entire stereo field|the entire stereo image|the whole width") + "|all the space on the sides|too much space on the sides|all the room on the sides|"
         "too much room on the sides|"
         "take up the whole width|fills the whole stereo field|fill the whole stereo field|hogs the sides|"
         "take up all the width|taking up the whole stereo field|across the whole stereo field|"
         "all over the stereo field|smears across the stereo|smears across the whole stereo field", problem=True),
    desc("width", "en", "narrower|tighten the image|collapse|narrow down", -1, comparative=True),
    desc("glue", "fr", "glue|colle|cohesion|coherent|coherente|soude|soudee|compression de bus|compression du bus|"
         "compression du mix|compression du master"),
    desc("glue", "en", "glue|glued|cohesion|cohesive|gel|bus compression|mix bus compression|glue compression"),
    desc("duck", "fr", "ducking|sidechain|side chain|pompage|place pour la voix|de la place a la voix|"
         "place a la voix|espace pour la voix|la place pour la voix"),
    desc("duck", "en", "ducking|duck|ducked|sidechain|side chain|sidechain pumping|room for the vocal|room for the vocals|"
         "space for the vocal|space for the vocals"),
    desc("pan", "fr", "a droite|vers la droite|droite|sur la droite", comparative=True),
    desc("pan", "fr", "a gauche|vers la gauche|gauche|sur la gauche", -1, comparative=True),
    desc("pan", "en", "right|to the right|pan right|panned right", comparative=True),
    desc("pan", "en", "left|to the left|pan left|panned left", -1, comparative=True),
    # A side "too far": the side, not a distance ("too far left" is less left, i.e. towards the centre).
    desc("pan", "en", "far right|hard right|way right|far to the right", comparative=True),
    desc("pan", "en", "far left|hard left|way left|far to the left", -1, comparative=True),
    desc("pan", "fr", "tout a droite|completement a droite|trop sur la droite", comparative=True),
    desc("pan", "fr", "tout a gauche|completement a gauche|trop sur la gauche", -1, comparative=True),
    desc("pan_centre", "fr", "recentre|recentrer|recentrez|au centre|au milieu|vers le centre|dans l axe|centre|"
         "centrer|centree|centrez",
         comparative=True),
    desc("pan_centre", "en", "in the center|in the centre|in the middle|to the center|to the centre|center it|"
         "centre it|recenter|recentre|back to the middle|center|centre|centered|centred|to the middle|into the middle|"
         "dead center|dead centre", comparative=True),
    # The room of the reverb, named without the word "reverb".
    desc("reverb_size", "fr", "grande salle|grande piece|longue queue|queue longue|cathedrale|salle de concert"),
    desc("reverb_size", "fr", "petite salle|petite piece|queue courte|courte queue", -1),
    # "salle" written as heard after its size ("une plus grande sale": a room, not dirt).
    desc("reverb_size", "fr", "grande sale|grosse sale|immense sale"),
    desc("reverb_size", "fr", "petite sale", -1),
    desc("reverb_size", "en", "concert hall|a concert hall|big room|large room|huge room|long tail|big hall|cathedral|massive room|"
         "big room sound|huge room sound|big hall sound"),
    desc("reverb_size", "en", "bigger room|larger room|longer tail", comparative=True),
    desc("reverb_size", "en", "small room|tight room|short tail|tiny room|small room sound", -1),
    desc("reverb_size", "en", "smaller room|shorter tail|tighter room", -1, comparative=True),
    # Vast places are a big room wherever they are named (a small one, a closet, may be a boxy
    # tone or too much reverb: not read).
    desc("reverb_size", "en", "arena|an arena|stadium|a stadium|hangar|a hangar|canyon|a canyon|huge hall|"
         "massive hall|massive space|huge space|bigger space|bigger hall|massive reverb room"),
    desc("reverb_size", "fr", "arene|une arene|stade|un stade|hangar|un hangar|canyon|un canyon|immense salle|"
         "salle immense|espace immense"),
    # A tail that will not end is too long.
    desc("reverb_size", "en", "goes on forever|go on forever|never ends|never stops|lasts forever|rings forever|"
         "rings on forever|endless", problem=True),
    desc("reverb_size", "fr", "dure une eternite|n en finit pas|n en finit plus|ne s arrete jamais|dure trop longtemps|"
         "interminable|sans fin", problem=True),
    desc("reverb_predelay", "fr", "pre delay|predelay|pre delai|predelai"),
    desc("reverb_predelay", "en", "pre delay|predelay"),
    desc("delay_feedback", "fr", "feedback|repetitions|reinjection"),
    desc("delay_feedback", "en", "feedback|repeats|delay repeats"),
    # Qualifiers of a bus word ("reverb", "delay").
    qual("size", "fr", "piece|taille|longueur|duree|queue|longue|long|longues|longs|grande|grand|grandes|immense|"
         "enorme|cathedrale|grande salle|decay|declin"),
    qual("size", "fr", "agrandis|agrandir|agrandit|allonge|allonger|rallonge|rallonger", comparative=True),
    qual("size", "fr", "courte|court|courtes|courts|petite|petit|petites|petits|breve|serree", -1),
    qual("size", "fr", "raccourcis|raccourcir|raccourcit|reduis la taille|rapetisse|rapetisser", -1, comparative=True),
    qual("size", "en", "size|room size|room|length|decay|tail|long|big|large|huge|cathedral|massive|roomy|spacious"),
    qual("size", "en", "longer|bigger|larger|lengthen|extend|enlarge|expand|roomier", comparative=True),
    qual("size", "en", "short|small|tiny|tight", -1),
    # Vast places beside the reverb ("une reverb de hangar", "reverb like a stadium"; a church may be
    # a likeness of its sound, "pas une église": not read).
    qual("size", "en", "arena|stadium|warehouse|hangar"),
    qual("size", "fr", "arene|stade|hangar|entrepot"),
    qual("size", "en", "shorter|smaller|shorten|tighter|shrink|cut short", -1, comparative=True),
    qual("width", "fr", "largeur|large|larges|stereo|ample|ampleur|spatial|image stereo"),
    qual("width", "fr", "elargis|elargir|elargit|ouvre|ouvrir", comparative=True),
    qual("width", "fr", "etroit|etroite|etroits|etroites|mono|centree|centre", -1),
    qual("width", "fr", "resserre|resserrer|resserrez|retrecis|retrecir", -1, comparative=True),
    qual("width", "en", "width|wide|stereo|spread|stereo width"),
    qual("width", "en", "wider|widen|broaden", comparative=True),
    qual("width", "en", "narrow|mono|centered|centred|central", -1),
    qual("width", "en", "narrower", -1, comparative=True),
    # Spreading to the sides: wider ("la reverb s'étale plus sur les côtés", "spread the reverb out").
    qual("width", "fr", "s etale|s etalent|s etaler|etale|etaler|sur les cotes|dans les cotes|vers les cotes",
         comparative=True),
    qual("width", "en", "spread out|spreads out|spread wider|to the sides|on the sides|out to the sides",
         comparative=True),
    qual("dark", "fr", "sombre|sombres|fonce|foncee|etouffe|etouffee|amortissement|amorti|amortie|mat|mate|"
         "feutre|feutree"),
    qual("dark", "fr", "assombris|assombrir|assombrit", comparative=True),
    qual("dark", "fr", "brillant|brillante|brillants|brillantes|claire|clair|aigus|aigue|eclatante", -1),
    qual("dark", "en", "dark|damping|damped|muffled|dull"),
    qual("dark", "en", "darker|darken|duller", comparative=True),
    qual("dark", "en", "bright|shiny|crisp", -1),
    qual("dark", "en", "brighter|brighten", -1, comparative=True),
    qual("predelay", "fr", "pre delay|predelay|pre delai|predelai|pre retard"),
    qual("predelay", "en", "pre delay|predelay"),
    qual("return", "fr", "retour|retours|return|niveau de retour|niveau du retour|bus"),
    qual("return", "en", "return|returns|return level|bus"),
    qual("feedback", "fr", "feedback|repetitions|repetition|reinjection|repetes|rebonds|persistance"),
    qual("feedback", "en", "feedback|repeats|repeat|repetitions|regeneration|trails"),
    qual("time", "fr", "temps|duree entre|tempo|division|vitesse"),
    qual("time", "en", "time|timing|note value|division"),
    qual("loud", "fr", "fort|forte|forts|fortes|presente|present|envahissante|envahissant"),
    qual("loud", "fr", "faible|discrete|discret", -1),
    qual("loud", "en", "loud|overpowering|overwhelming|in your face"),
    qual("loud", "en", "louder", comparative=True),
    qual("loud", "en", "quiet|soft", -1),
    qual("loud", "en", "quieter|softer", -1, comparative=True),
)
