"""OmiDesk: dial customers through OMICall's click2call API from anywhere on the desktop."""

__version__ = "0.1.0"
APP_NAME = "omidesk"
