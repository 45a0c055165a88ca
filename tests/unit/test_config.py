from pathlib import Path

from kiosk.core.config import KioskConfig, TextSize, load_config
from kiosk.core.engines import RecognitionEngine, SpeechEngine


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kiosk.toml").write_text(text, "utf-8")
    return folder


def test_sample_config_reads_cleanly(content: Path) -> None:
    config, problems = load_config(content)
    assert problems == []
    assert config.centre_name.startswith("Riverside")
    assert config.idle_timeout_seconds == 90
    assert next(c.name for c in config.support) == "Samaritans"
    assert config.support[0].phone == "116 123"


def test_missing_file_gives_defaults_and_a_problem(tmp_path: Path) -> None:
    config, problems = load_config(tmp_path)
    assert config == KioskConfig()
    assert "kiosk.toml is missing" in problems[0].message


def test_misspelled_key_is_named_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    write(tmp_path, 'centre_name = "Here"\nidle_timout_seconds = 30\n')
    config, problems = load_config(tmp_path)
    assert config.centre_name == "Here"
    assert config.idle_timeout_seconds == 90
    assert problems[0].line == 2
    assert 'Did you mean "idle_timeout_seconds"?' in problems[0].message


def test_wrong_type_falls_back_to_default(tmp_path: Path) -> None:
    write(tmp_path, 'idle_timeout_seconds = "ninety"\nmessage_limit = 5\n')
    config, problems = load_config(tmp_path)
    assert config.idle_timeout_seconds == 90
    assert config.message_limit == 500
    assert {p.line for p in problems} == {1, 2}
    assert "whole number" in problems[0].message
    assert "at least 50" in problems[1].message


def test_broken_toml_names_the_line(tmp_path: Path) -> None:
    write(tmp_path, 'centre_name = "Here"\nwelcome = "unclosed\n')
    config, problems = load_config(tmp_path)
    assert config == KioskConfig()
    assert problems[0].line == 2


def test_support_block_without_name_is_left_out(tmp_path: Path) -> None:
    write(
        tmp_path,
        '[[support]]\nname = "A"\nphone = "1"\n\n[[support]]\nphone = "2"\nhorus = "x"\n',
    )
    config, problems = load_config(tmp_path)
    assert [c.name for c in config.support] == ["A"]
    lines = sorted(p.line or 0 for p in problems)
    assert 5 in lines or 7 in lines
    assert any('Did you mean "hours"' in p.message for p in problems)


def test_languages_default_to_english(tmp_path: Path) -> None:
    write(tmp_path, 'centre_name = "Here"\n')
    config, problems = load_config(tmp_path)
    assert problems == []
    assert config.languages == ("en",)
    assert config.language == "en"


def test_languages_are_read_in_order(tmp_path: Path) -> None:
    write(tmp_path, 'languages = ["ko", "en"]\n')
    config, problems = load_config(tmp_path)
    assert problems == []
    assert config.languages == ("ko", "en")
    assert config.language == "ko"  # the first is where every visit starts


def test_the_older_single_language_still_works(tmp_path: Path) -> None:
    write(tmp_path, 'language = "ko"\n')
    config, problems = load_config(tmp_path)
    assert problems == []
    assert config.languages == ("ko",)


def test_a_language_without_a_pack_is_named_with_the_packs_there_are(tmp_path: Path) -> None:
    write(tmp_path, 'centre_name = "Here"\nlanguages = ["en", "cy"]\n')
    config, problems = load_config(tmp_path)
    assert config.languages == ("en",)
    assert len(problems) == 1
    assert problems[0].line == 2
    assert 'no language pack for "cy"' in problems[0].message
    assert '"en" (English)' in problems[0].message and '"ko" (한국어)' in problems[0].message


def test_only_unknown_languages_fall_back_to_english(tmp_path: Path) -> None:
    write(tmp_path, 'language = "cy"\n')
    config, problems = load_config(tmp_path)
    assert config.languages == ("en",)
    assert 'no language pack for "cy"' in problems[0].message


def test_text_size_is_read_and_a_bad_one_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert KioskConfig().text_size is TextSize.MEDIUM
    config, problems = load_config(write(tmp_path, 'text_size = "Large"\n'))
    assert config.text_size is TextSize.LARGE
    assert problems == []
    config, problems = load_config(write(tmp_path, 'centre_name = "Here"\ntext_size = "huge"\n'))
    assert config.text_size is TextSize.MEDIUM
    assert config.centre_name == "Here"
    assert problems[0].line == 2
    assert '"small", "medium", "large"' in problems[0].message
    config, problems = load_config(write(tmp_path, "text_size = 3\n"))
    assert config.text_size is TextSize.MEDIUM
    assert "words in quotes" in problems[0].message


def test_the_sample_sets_the_text_size(content: Path) -> None:
    assert load_config(content)[0].text_size is TextSize.MEDIUM


def test_the_engines_are_named_strictly_and_a_wrong_one_is_said_plainly(tmp_path: Path) -> None:
    """Unset, each language's pack names its engines; a name the kiosk lacks is not guessed."""
    assert KioskConfig().voice_engine is None and KioskConfig().speech_engine is None
    config, problems = load_config(
        write(tmp_path, 'voice_engine = "Vosk"\nspeech_engine = "espeak-ng"\n')
    )
    assert config.voice_engine is RecognitionEngine.VOSK
    assert config.speech_engine is SpeechEngine.ESPEAK_NG
    assert problems == []
    config, problems = load_config(
        write(tmp_path, 'centre_name = "Here"\nvoice_engine = "whisper"\nspeech_engine = "piper"\n')
    )
    assert (config.voice_engine, config.speech_engine, config.centre_name) == (None, None, "Here")
    assert [(p.line, p.message) for p in problems] == [
        (
            2,
            '"voice_engine" should be one of "vosk", "faster-whisper"; the language pack\'s own engine is used.',
        ),
        (
            3,
            '"speech_engine" should be one of "espeak-ng"; the language pack\'s own engine is used.',
        ),
    ]
