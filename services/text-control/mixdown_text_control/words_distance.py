"""Far places, by grammar rather than by phrase: a source heard from another room, across the
street, at the other end of a building is too far (data; see :mod:`.lexicon`).

Each phrase is a locating preposition of distance ("across the", "from another", "dans une
autre", "de l'autre côté de la") before a place noun ("room", "street", "salle", "rue"): closeness
with polarity -1, a complaint, so that the remedy brings the source nearer (its level up, its
reverb send down, its presence band up). Read before the bus words, the place never asks for
reverb ("dans une autre salle" is not "a room" on the reverb).
"""

from __future__ import annotations

from mixdown_text_control.lexicon import Words, desc

# Places one can be heard from (English; and French by grammatical gender).
PLACES_EN = ("room", "street", "road", "hall", "hallway", "building", "house", "venue", "stadium", "field",
             "parking lot", "car park", "city", "town", "church", "studio", "club", "apartment", "flat",
             "floor", "corridor", "valley", "world", "planet", "country", "booth")
PLACES_FR_F = ("salle", "piece", "rue", "maison", "cave", "chambre", "eglise", "ville", "cathedrale",
               "cuisine", "cabine", "planete", "salle de concert", "boite")
PLACES_FR_M = ("studio", "batiment", "immeuble", "appart", "appartement", "couloir", "hangar", "parking",
               "stade", "club", "bar", "pays", "etage", "quartier", "garage", "monde")

_FAR_EN = ("across the {}", "from across the {}", "in another {}", "from another {}", "in a different {}",
           "from a different {}", "in a whole other {}", "from a whole other {}", "in the next {}", "from the next {}", "on the other side of the {}",
           "from the other side of the {}", "at the other end of the {}", "from the end of the {}",
           "down the {}", "outside the {}", "from outside the {}", "in the {} next door")
_FAR_FR_F = ("dans une autre {}", "d une autre {}", "depuis une autre {}", "de l autre cote de la {}",
             "a l autre bout de la {}", "au bout de la {}", "dans la {} d a cote", "de la {} d a cote",
             "depuis la {} d a cote", "dans la {} voisine", "hors de la {}", "dehors de la {}")
_FAR_FR_M = ("dans un autre {}", "d un autre {}", "depuis un autre {}", "de l autre cote du {}",
             "a l autre bout du {}", "au bout du {}", "dans le {} d a cote", "du {} d a cote",
             "depuis le {} d a cote", "dans le {} voisin", "hors du {}")


# Places far from any listener by themselves: heard from there at all is far ("from the parking
# lot", "dans le parking").
OUTSIDE_EN = ("street", "parking lot", "car park", "hallway", "stairwell", "backyard", "basement", "attic", "garden")
OUTSIDE_FR_F = ("rue", "cage d escalier", "cour", "cave")
OUTSIDE_FR_M = ("parking", "couloir", "jardin", "grenier", "sous sol")
_FROM_EN = ("from the {}", "in the {}", "out in the {}")
_FROM_FR_F = ("dans la {}", "de la {}", "depuis la {}")
_FROM_FR_M = ("dans le {}", "du {}", "depuis le {}")


def _phrases(patterns: tuple[str, ...], places: tuple[str, ...]) -> str:
    return "|".join(p.format(place) for p in patterns for place in places)


DISTANCE_WORDS: tuple[Words, ...] = (
    desc("closeness", "en", _phrases(_FAR_EN, PLACES_EN), -1, problem=True),
    desc("closeness", "fr", _phrases(_FAR_FR_F, PLACES_FR_F) + "|" + _phrases(_FAR_FR_M, PLACES_FR_M), -1,
         problem=True),
    desc("closeness", "en", _phrases(_FROM_EN, OUTSIDE_EN), -1, problem=True),
    desc("closeness", "fr", _phrases(_FROM_FR_F, OUTSIDE_FR_F) + "|" + _phrases(_FROM_FR_M, OUTSIDE_FR_M), -1,
         problem=True),
)
