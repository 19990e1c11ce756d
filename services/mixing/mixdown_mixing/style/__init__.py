"""The style mode: mix raw tracks in the style of a reference track.

The console's own parameters are searched so that the mix takes the reference's tonal balance,
stereo image, space and dynamics; every delivered mix is rendered by the production console
(:mod:`mixdown_mixing.console`), so a search's approximation costs search quality, never sound.
:mod:`.space` names the parameters the search moves.
"""
