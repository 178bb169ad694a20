from action_portugal.settings.base import *  # noqa: F403
from action_portugal.settings.env import env_bool

DEBUG = env_bool("DEBUG", True)
